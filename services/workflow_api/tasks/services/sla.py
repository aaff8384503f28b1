"""SLA arithmetic: a task's target, and each assignment's share of it by step weight, in the workflow's open time.

``calendar`` is the workflow version's :class:`~workflows.calendars.BusinessCalendar` (``version.calendar``):
every duration here is open time in it, so a target falls in business hours (Friday 16:00 in a Mon-Fri 08-17
calendar plus 4 hours is Monday 11:00). Around the clock (a workflow without a calendar) it is plain addition.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings

from workflows.calendars import AROUND_THE_CLOCK, BusinessCalendar

# HDTS priorities to the workflow's SLA keys; Critical is the urgent SLA.
SLA_KEY_BY_PRIORITY = {"low": "low", "medium": "medium", "high": "high", "critical": "urgent", "urgent": "urgent"}
DEFAULT_PRIORITY = "Medium"
PRIORITY_RANK = {"Low": 1, "Medium": 2, "High": 3, "Critical": 4}


def sla_seconds(sla: dict, priority: str) -> int:
    return int(sla[SLA_KEY_BY_PRIORITY[priority.casefold()]])


def after_open_time(calendar: BusinessCalendar, start: datetime, seconds: float) -> datetime:
    """The instant ``seconds`` of open time after ``start``.

    Around the clock this is ``start + timedelta(seconds)`` itself, so a date past year 9999 stays Python's
    OverflowError (intake and the sweep record it as such); in a calendar such a target is a ValueError.
    """
    if calendar.around_the_clock:
        return start + timedelta(seconds=seconds)
    return calendar.add_open_time(start, seconds)


def task_target(*, sla: dict, priority: str, received_at: datetime, calendar: BusinessCalendar = AROUND_THE_CLOCK) -> datetime:
    """The task's target: the SLA of its priority in open time from receipt."""
    return after_open_time(calendar, received_at, sla_seconds(sla, priority))


def assignment_window(
    *,
    sla: dict,
    priority: str,
    step_weight,
    total_weight: float,
    assigned_at: datetime,
    calendar: BusinessCalendar = AROUND_THE_CLOCK,
) -> tuple[datetime, datetime]:
    """(target, warning time) of an assignment: the step's weighted share of the task's SLA in open time from
    ``assigned_at``; the warning comes when ``SLA_WARNING_FRACTION`` (0.75) of that open time has passed."""
    share = sla_seconds(sla, priority) * float(Decimal(str(step_weight))) / float(total_weight)
    return (
        after_open_time(calendar, assigned_at, share),
        after_open_time(calendar, assigned_at, share * settings.SLA_WARNING_FRACTION),
    )
