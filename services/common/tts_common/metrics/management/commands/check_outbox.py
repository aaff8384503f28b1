"""``manage.py check_outbox [--max-age 300]``: the outbox relay's container health check.

Exits 0 when the oldest outbox row that is neither published nor parked is
younger than ``--max-age`` seconds (or there is none): the relay keeps up.
Exits 1 (with the age on stderr) when it is older, or when the database does
not answer: the relay is stuck or cannot work. The same figure is
``tts_outbox_oldest_unpublished_age_seconds`` on ``/metrics``.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from tts_common.metrics.collectors import oldest_unpublished_age


class Command(BaseCommand):
    help = "Exit 1 when the oldest unpublished outbox row is older than --max-age seconds (the relay's health check)."

    def add_arguments(self, parser):
        parser.add_argument("--max-age", type=float, default=300.0, help="seconds the oldest pending row may wait (300)")

    def handle(self, *args, max_age: float, **options):
        try:
            age = oldest_unpublished_age()
        except DatabaseError as error:
            raise CommandError(f"the database does not answer: {error}") from error
        if age > max_age:
            raise CommandError(f"the oldest unpublished outbox row is {age:.0f} s old (more than {max_age:.0f} s)")
        self.stdout.write(f"outbox ok: oldest unpublished row {age:.0f} s old")
