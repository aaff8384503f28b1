"""notification's figures read from its delivery log at scrape time (``TTS_METRICS_COLLECTORS``).

Every delivery, by the web process or a worker, on any channel, is one ``DeliveryLog`` row whose
status ends ``sent``, ``failed`` or ``skipped``: counted from there, the figures are whole.
"""

from collections.abc import Iterable

from django.db.models import Count
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric


def delivery_families() -> Iterable[Metric]:
    from notifications.models import DeliveryLog

    rows = DeliveryLog.objects.order_by().values_list("channel", "status").annotate(n=Count("id"))
    sent = CounterMetricFamily("tts_notifications_sent", "Notifications delivered, by channel.", labels=["channel"])
    failed = CounterMetricFamily("tts_notifications_failed", "Notifications that failed for good, by channel.", labels=["channel"])
    pending = GaugeMetricFamily("tts_notifications_pending", "Deliveries in flight or waiting for a retry, by channel.", labels=["channel"])
    totals: dict[tuple[str, str], int] = {}
    for channel, status, count in rows:
        totals[(channel, status)] = count
    for channel, _label in DeliveryLog._meta.get_field("channel").choices:
        sent.add_metric([channel], totals.get((channel, DeliveryLog.Status.SENT), 0))
        failed.add_metric([channel], totals.get((channel, DeliveryLog.Status.FAILED), 0))
        waiting = totals.get((channel, DeliveryLog.Status.SENDING), 0) + totals.get((channel, DeliveryLog.Status.RETRYING), 0)
        pending.add_metric([channel], waiting)
    yield from (sent, failed, pending)
