"""Reading the agent console's dashboard figures over a set of visible tasks.

Every figure is an aggregate query (seven in all, whatever the number of
tasks). Days are UTC dates; the window runs from the start of the oldest day
to ``now``.
"""

from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from tasks.models import Assignment, Task
from tasks.selectors import open_breached_filter
from tasks.services.sla import PRIORITY_RANK

OPEN_STATUSES = (Task.Status.PENDING, Task.Status.IN_PROGRESS, Task.Status.ON_HOLD)


def task_stats(*, tasks: QuerySet[Task], days: int, now: datetime | None = None) -> dict:
    """The figures of ``tasks`` (the caller's visible tasks, e.g. ``task_list_for(actor)``) over the last ``days`` days."""
    now = now or timezone.now()
    first_day = now.astimezone(UTC).date() - timedelta(days=days - 1)
    period = (datetime.combine(first_day, time.min, tzinfo=UTC), now)
    tasks = tasks.select_related(None).prefetch_related(None).order_by()
    totals = _totals(tasks, period, now)
    return {
        "days": days,
        "generated_at": now,
        "open_by_status": {status.value: totals[status.value] for status in OPEN_STATUSES},
        "open_by_priority": {priority: totals[priority] for priority in PRIORITY_RANK},
        "open_by_step": _open_by_step(tasks),
        "breached_open": totals["breached_open"],
        "breaches_in_period": Assignment.objects.filter(task__in=tasks.values("pk"), breached_at__range=period).count(),
        "unmatched": totals["unmatched"],
        "per_day": _per_day(tasks, period, first_day, days),
        "mean_time_to_resolve_seconds": totals["time_to_resolve"].total_seconds() if totals["time_to_resolve"] is not None else None,
        "completed_in_period": totals["completed_in_period"],
        **_sla_met(tasks, period),
    }


def _totals(tasks: QuerySet[Task], period: tuple[datetime, datetime], now: datetime) -> dict:
    is_open = Q(status__in=OPEN_STATUSES)
    completed_in_period = Q(status=Task.Status.COMPLETED, completed_at__range=period)
    time_to_resolve = ExpressionWrapper(F("completed_at") - F("received_at"), output_field=DurationField())
    return tasks.aggregate(
        **{status.value: Count("pk", filter=Q(status=status)) for status in OPEN_STATUSES},
        **{priority: Count("pk", filter=is_open & Q(priority=priority)) for priority in PRIORITY_RANK},
        breached_open=Count("pk", filter=open_breached_filter(now)),
        unmatched=Count("pk", filter=Q(status=Task.Status.UNMATCHED)),
        completed_in_period=Count("pk", filter=completed_in_period),
        time_to_resolve=Avg(time_to_resolve, filter=completed_in_period),
    )


def _sla_met(tasks: QuerySet[Task], period: tuple[datetime, datetime]) -> dict:
    """The share of the tasks completed in ``period`` (with a target) that met their SLA, per workflow and priority."""
    judged = tasks.filter(status=Task.Status.COMPLETED, completed_at__range=period, sla_met__isnull=False)
    counts = {"completed": Count("pk"), "met": Count("pk", filter=Q(sla_met=True))}
    by_workflow = judged.values("workflow__name").annotate(**counts).order_by("workflow__name")
    by_priority = {row["priority"]: row for row in judged.values("priority").annotate(**counts).order_by()}
    return {
        "sla_met_by_workflow": [{"workflow": row["workflow__name"], **_share(row)} for row in by_workflow],
        "sla_met_by_priority": {priority: _share(by_priority.get(priority, {})) for priority in PRIORITY_RANK},
    }


def _share(row: dict) -> dict:
    completed, met = row.get("completed", 0), row.get("met", 0)
    return {"completed": completed, "met": met, "share": met / completed if completed else None}


def _open_by_step(tasks: QuerySet[Task]) -> list[dict]:
    rows = (
        tasks.filter(status__in=OPEN_STATUSES, current_step_id__isnull=False)
        .values("workflow__name", "current_step_name")
        .annotate(count=Count("pk"))
        .order_by("-count", "workflow__name", "current_step_name")
    )
    return [{"workflow": row["workflow__name"], "step": row["current_step_name"], "count": row["count"]} for row in rows]


def _per_day(tasks: QuerySet[Task], period: tuple[datetime, datetime], first_day: date, days: int) -> list[dict]:
    received = _count_by_day(tasks.filter(received_at__range=period), "received_at")
    resolved = _count_by_day(tasks.filter(status=Task.Status.COMPLETED, completed_at__range=period), "completed_at")
    dates = [first_day + timedelta(days=n) for n in range(days)]
    return [{"date": day, "received": received.get(day, 0), "resolved": resolved.get(day, 0)} for day in dates]


def _count_by_day(tasks: QuerySet[Task], field: str) -> dict[date, int]:
    rows = tasks.annotate(day=TruncDate(field, tzinfo=UTC)).values("day").annotate(count=Count("pk")).order_by()
    return {row["day"]: row["count"] for row in rows}
