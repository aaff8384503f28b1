"""Figures read from the database when ``/metrics`` is scraped, rather than counted by processes.

What the database already holds for every process (the outbox, a delivery
log, the warned assignments) is read at scrape time: always whole, whichever
process did the work, and nothing to keep in step. A service names its own
readers in ``TTS_METRICS_COLLECTORS``: dotted paths of functions that take
nothing and yield ``prometheus_client`` metric families (see
``services/workflow_api/config/metrics.py``).

A reader that fails (the database away) costs only its own families: the
scrape still answers, and ``tts_metrics_collector_up{collector}`` says 0.
"""

import logging
from collections.abc import Callable, Iterable

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from django.utils.module_loading import import_string
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

logger = logging.getLogger(__name__)

Reader = Callable[[], Iterable[Metric]]


def outbox_families() -> Iterable[Metric]:
    """The service's outbox (``tts_common.outbox``), when it has one.

    ``tts_outbox_oldest_unpublished_age_seconds``: seconds since the oldest row
    neither published nor parked was written (0 when there is none); a relay
    that is down or behind shows as a growing age. ``tts_outbox_rows{state}``:
    rows ``pending`` (waiting to be published) and ``parked`` (given up on).
    """
    if not apps.is_installed("tts_common.outbox"):
        return
    from tts_common.outbox.models import OutboxMessage

    pending = OutboxMessage.objects.filter(published_at__isnull=True, parked_at__isnull=True)
    yield GaugeMetricFamily(
        "tts_outbox_oldest_unpublished_age_seconds",
        "Seconds since the oldest outbox row that is neither published nor parked was written (0: none).",
        value=oldest_unpublished_age(),
    )
    rows = GaugeMetricFamily("tts_outbox_rows", "Outbox rows waiting to be published (pending) or given up on (parked).", labels=["state"])
    rows.add_metric(["pending"], pending.count())
    rows.add_metric(["parked"], OutboxMessage.objects.filter(published_at__isnull=True, parked_at__isnull=False).count())
    yield rows


def oldest_unpublished_age() -> float:
    """Seconds since the oldest outbox row neither published nor parked was written; 0.0 when there is none.

    Raises ``DatabaseError`` when the database does not answer.
    """
    from tts_common.outbox.models import OutboxMessage

    pending = OutboxMessage.objects.filter(published_at__isnull=True, parked_at__isnull=True)
    oldest = pending.order_by("id").values_list("created_at", flat=True).first()
    return max(0.0, (timezone.now() - oldest).total_seconds()) if oldest else 0.0


class DatabaseCollector(Collector):
    """The readers of this service (``outbox_families`` and ``TTS_METRICS_COLLECTORS``), each guarded."""

    def __init__(self, readers: dict[str, Reader] | None = None) -> None:
        self.readers = readers if readers is not None else configured_readers()

    def collect(self) -> Iterable[Metric]:
        up = GaugeMetricFamily("tts_metrics_collector_up", "1: the scrape-time reader answered; 0: it failed.", labels=["collector"])
        for name, reader in self.readers.items():
            try:
                families = list(reader())
            except DatabaseError:
                logger.warning("metrics reader %s failed", name, exc_info=True)
                up.add_metric([name], 0)
                continue
            up.add_metric([name], 1)
            yield from families
        yield up


def configured_readers() -> dict[str, Reader]:
    readers: dict[str, Reader] = {"outbox": outbox_families}
    for path in getattr(settings, "TTS_METRICS_COLLECTORS", []):
        readers[path.rsplit(".", 1)[-1]] = import_string(path)
    return readers
