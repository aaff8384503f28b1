"""SLA arithmetic: a task's target, and each assignment's share of it by step weight."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings

# HDTS priorities to the workflow's SLA keys; Critical is the urgent SLA.
SLA_KEY_BY_PRIORITY = {"low": "low", "medium": "medium", "high": "high", "critical": "urgent", "urgent": "urgent"}
DEFAULT_PRIORITY = "Medium"
PRIORITY_RANK = {"Low": 1, "Medium": 2, "High": 3, "Critical": 4}
PRIORITY_RANK = {"Low": 1, "Medium": 2, "High": 3, "Critical": 4}


def sla_seconds(sla: dict, priority: str) -> int:
    return int(sla[SLA_KEY_BY_PRIORITY[priority.casefold()]])


def task_target(*, sla: dict, priority: str, received_at: datetime) -> datetime:
    return received_at + timedelta(seconds=sla_seconds(sla, priority))


def assignment_window(*, sla: dict, priority: str, step_weight, total_weight: float, assigned_at: datetime) -> tuple[datetime, datetime]:
    """(target, warning time) of an assignment: the step's weighted share of the task's SLA."""
    share = timedelta(seconds=sla_seconds(sla, priority) * float(Decimal(str(step_weight))) / float(total_weight))
    return assigned_at + share, assigned_at + share * settings.SLA_WARNING_FRACTION
