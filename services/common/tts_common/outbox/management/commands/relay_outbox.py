"""``manage.py relay_outbox``: the loop that publishes the outbox, and never exits on a passing fault.

The database or the broker away (stopped, restarted, refusing connections)
pauses the loop: the broken database connection is closed, the wait doubles
up to ``--max-backoff`` seconds, and one log line opens the episode and one
closes it ("resumed after N s"), however long it lasts.
"""

import contextlib
import logging
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from tts_common.outbox.services import RelayResult, outbox_purge_published, outbox_requeue_parked, relay_pending

logger = logging.getLogger("tts_common.outbox.relay")

PURGE_EVERY = timedelta(hours=1)


class Command(BaseCommand):
    help = "Publish pending outbox messages to the broker (loops until stopped unless --once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="relay what is pending and exit")
        parser.add_argument("--interval", type=float, default=0.5, help="seconds between polls")
        parser.add_argument("--max-backoff", type=float, default=30.0, help="longest wait while the database or broker is away")
        parser.add_argument("--requeue-parked", action="store_true", help="put every parked row back in line, then exit")

    def handle(self, *args, once: bool, interval: float, max_backoff: float, requeue_parked: bool, **options):
        if requeue_parked:
            self.stdout.write(f"requeued {outbox_requeue_parked()} parked outbox message(s)")
            return
        backoff = interval
        last_purge = 0.0
        failing_since: float | None = None
        while True:
            result = self._relay_once()
            if time.monotonic() - last_purge > PURGE_EVERY.total_seconds() and not result.error:
                with contextlib.suppress(Exception):  # purging is housekeeping: the next hour tries again
                    outbox_purge_published()
                last_purge = time.monotonic()
            if result.published:
                self.stdout.write(f"published {result.published} outbox message(s)")
            if result.error:
                if failing_since is None:
                    failing_since = time.monotonic()
                    logger.warning("outbox relay paused, retrying with backoff up to %.0f s: %s", max_backoff, result.error)
                backoff = min(backoff * 2, max_backoff)
            else:
                if failing_since is not None:
                    logger.warning("outbox relay resumed after %.0f s", time.monotonic() - failing_since)
                    failing_since = None
                backoff = interval
            if once:
                if result.error:
                    self.stderr.write(f"relay stopped: {result.error}")
                return
            time.sleep(backoff)

    def _relay_once(self) -> RelayResult:
        try:
            close_old_connections()
            return relay_pending()
        except Exception as error:  # the loop outlives any fault; the database connection is reopened next time
            with contextlib.suppress(Exception):
                connection.close()
            return RelayResult(0, f"{type(error).__name__}: {error}".strip())
