import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from tts_common.outbox.services import outbox_purge_published, relay_pending

PURGE_EVERY = timedelta(hours=1)


class Command(BaseCommand):
    help = "Publish pending outbox messages to the broker (loops until stopped unless --once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="relay what is pending and exit")
        parser.add_argument("--interval", type=float, default=0.5, help="seconds between polls")
        parser.add_argument("--max-backoff", type=float, default=10.0, help="longest wait while the broker refuses")

    def handle(self, *args, once: bool, interval: float, max_backoff: float, **options):
        backoff = interval
        last_purge = 0.0
        while True:
            close_old_connections()
            result = relay_pending()
            if result.published:
                self.stdout.write(f"published {result.published} outbox message(s)")
            if once:
                if result.error:
                    self.stderr.write(f"broker refused: {result.error}")
                return
            if time.monotonic() - last_purge > PURGE_EVERY.total_seconds():
                outbox_purge_published()
                last_purge = time.monotonic()
            backoff = min(backoff * 2, max_backoff) if result.error else interval
            time.sleep(backoff)
