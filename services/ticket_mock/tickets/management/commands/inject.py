import random
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from faker import Faker
from tqdm import tqdm

from tickets.demo import demo_ticket_fields
from tickets.services import ticket_create
from tts_common.outbox.models import OutboxMessage

CHUNK_SIZE = 100


class Command(BaseCommand):
    help = "Generate N realistic tickets and publish each to workflow_api (through the outbox), optionally at R per second."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="how many tickets")
        parser.add_argument("--rate", type=float, default=0, help="tickets per second (0: as fast as possible)")
        parser.add_argument("--seed", type=int, default=None, help="make the generated tickets repeatable")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, count: int, rate: float, seed: int | None, no_progress: bool, **options):
        if count < 1:
            raise CommandError("--count must be at least 1")
        if rate < 0:
            raise CommandError("--rate must not be negative")
        faker, rng = Faker(), random.Random(seed)  # noqa: S311  (demo data, not secrets)
        if seed is not None:
            faker.seed_instance(seed)
        # Each chunk is one transaction; its messages are relayed when it commits.
        # When rate-limited, commit about once a second so tickets flow steadily.
        chunk_size = CHUNK_SIZE if not rate else max(1, min(CHUNK_SIZE, int(rate)))
        started = time.monotonic()
        created = 0
        with tqdm(total=count, unit="ticket", disable=no_progress, file=sys.stderr) as progress:
            while created < count:
                size = min(chunk_size, count - created)
                with transaction.atomic():
                    for _ in range(size):
                        if rate:
                            _wait_until(started + created / rate)
                        ticket_create(**demo_ticket_fields(faker, rng))
                        created += 1
                progress.update(size)
        elapsed = time.monotonic() - started
        waiting = OutboxMessage.objects.filter(published_at__isnull=True).count()
        self.stdout.write(
            f"injected {created} tickets in {elapsed:.1f}s ({created / max(elapsed, 1e-9):.1f}/s); "
            f"{waiting} message(s) waiting in the outbox for relay_outbox"
        )


def _wait_until(moment: float) -> None:
    delay = moment - time.monotonic()
    if delay > 0:
        time.sleep(delay)
