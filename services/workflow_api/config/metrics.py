"""workflow_api's figures read from its database at scrape time (``TTS_METRICS_COLLECTORS``).

The SLA sweep stamps ``warned_at`` on an assignment when it warns (no audit event is written for a
warning), so warnings are counted from those stamps; tasks by status is what is open now.
"""

from collections.abc import Iterable

from django.db.models import Count
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric


def workflow_families() -> Iterable[Metric]:
    from tasks.models import Assignment, Task

    yield CounterMetricFamily(
        "tts_sla_warnings",
        "Assignments warned by the SLA sweep (at SLA_WARNING_FRACTION of their share of the SLA).",
        value=Assignment.objects.filter(warned_at__isnull=False).count(),
    )
    tasks = GaugeMetricFamily("tts_tasks", "Tasks now, by status.", labels=["status"])
    counts = dict(Task.objects.order_by().values_list("status").annotate(n=Count("id")))
    for status in Task.Status.values:
        tasks.add_metric([status], counts.get(status, 0))
    yield tasks
