"""A completed task's SLA outcome (issue 13, item 4): met or missed, by how much, and the time to resolve.

Every figure is open time in the workflow version's calendar (around the clock: plain elapsed time), so a task
resolved on Monday at 09:00 against a Friday 17:00 target in a Mon-Fri 08-17 calendar missed it by 1 hour, not by
64. The target is the task's own ``target_resolution``, which a hold has already moved by the open time it took
(:mod:`tasks.services.hold`), so time on hold never counts against the SLA.
"""

from dataclasses import dataclass
from datetime import datetime

from workflows.calendars import AROUND_THE_CLOCK, BusinessCalendar


@dataclass(frozen=True)
class SlaOutcome:
    """``met``: completed at or before the target (None without a target); ``margin_seconds``: open time between
    completion and the target, positive when early, negative when late (None without a target);
    ``resolution_open_seconds``: open time from receipt to completion. Whole seconds, rounded down."""

    met: bool | None
    margin_seconds: int | None
    resolution_open_seconds: int


def sla_outcome(
    *, received_at: datetime, completed_at: datetime, target: datetime | None, calendar: BusinessCalendar = AROUND_THE_CLOCK
) -> SlaOutcome:
    """The outcome of a task received at ``received_at`` and completed at ``completed_at`` against ``target``.

    Spans the calendar cannot count (longer than its search horizon, about ten years) fall back to elapsed time.
    """
    resolution = _open_seconds(calendar, received_at, completed_at)
    if target is None:
        return SlaOutcome(met=None, margin_seconds=None, resolution_open_seconds=resolution)
    met = completed_at <= target
    margin = _open_seconds(calendar, completed_at, target) if met else -_open_seconds(calendar, target, completed_at)
    return SlaOutcome(met=met, margin_seconds=margin, resolution_open_seconds=resolution)


def _open_seconds(calendar: BusinessCalendar, start: datetime, end: datetime) -> int:
    try:
        return int(calendar.open_seconds_between(start, end))
    except ValueError:
        return int(max((end - start).total_seconds(), 0))
