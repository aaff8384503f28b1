"""Putting a task on hold and resuming it (issue 13, item 2): the SLA clock stops while the task waits.

``task_hold`` takes an ``in_progress`` task to ``on_hold``; ``task_resume`` takes it back. Both are for the current
assignee or an administrator (else a 403), lock the task first like every action on a task, and refuse a task in
another state with a 409. While held the SLA sweep neither warns, breaches nor escalates the task (it skips held
tasks), ``?breached=true`` leaves it out, and nobody moves it on. On resume every open target moves by the open time
the hold took out of it: a target ``T`` set before the hold (``held_at``) becomes
``add_open_time(resumed_at, open_seconds_between(held_at, T))`` in the version's calendar, i.e. whatever open time
was left at the hold is left again at the resume (a target already passed when the task was held stays where it
was). That applies to the task's target and to every active assignment's target and warning time.
The help desk hears ``On Hold``, then ``In Progress`` (``send_ticket_status``); both are audited
(``task.held``, ``task.resumed``) and so shown in the task's history.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from audit.services import Actor, audit_event
from tasks.models import Assignment, Task
from tasks.services.assignment import Outcome
from tasks.services.errors import TaskConflictError, TaskForbiddenError, TaskInputError
from tasks.services.lifecycle import _active_assignment, _locked, task_state
from tasks.services.outgoing import ticket_status_message
from tasks.services.sla import after_open_time
from workflows.calendars import BusinessCalendar

ON_HOLD_STATUS = "On Hold"
RESUMED_STATUS = "In Progress"


def _require_holder_or_admin(task: Task, actor: Actor, what: str) -> None:
    """Any assignee holding the task now (at an approval step: any of them) or an administrator."""
    if not actor.is_admin and _active_assignment(task, actor.user_id) is None:
        raise TaskForbiddenError(f"Only the current assignee or an administrator can {what} this task.")


@transaction.atomic
def task_hold(*, task_id: int, reason: str, actor: Actor) -> Task:
    """Put an ``in_progress`` task on hold, saying why (``reason``, not blank: else a 400 naming it)."""
    task = _locked(task_id)
    if task.status != Task.Status.IN_PROGRESS:
        raise TaskConflictError(f"The task is {task.status.replace('_', ' ')}; only a task in progress can be put on hold.")
    _require_holder_or_admin(task, actor, "put on hold")
    if not reason.strip():
        raise TaskInputError("Say why the task is put on hold.", field="reason")
    before, outcome = task_state(task), Outcome()
    task.status, task.held_at, task.hold_reason = Task.Status.ON_HOLD, timezone.now(), reason
    task.save()
    outcome.messages.append(ticket_status_message(task, ON_HOLD_STATUS))
    outcome.audit.append(
        audit_event(actor=actor, action="task.held", entity=task, before=before, save=False, after={**task_state(task), "reason": reason})
    )
    outcome.write()
    return task


def moved_by_hold(calendar: BusinessCalendar, target: datetime | None, *, held_at: datetime, resumed_at: datetime) -> datetime | None:
    """``target`` moved by the open time of a hold from ``held_at`` to ``resumed_at``: the open time that was left
    at the hold is left at the resume. ``None``, or a target already passed at the hold, stays as it is."""
    if target is None or target <= held_at:
        return target
    return after_open_time(calendar, resumed_at, calendar.open_seconds_between(held_at, target))


@transaction.atomic
def task_resume(*, task_id: int, actor: Actor) -> Task:
    """Take an ``on_hold`` task back to ``in_progress``, moving its targets by the hold (see the module)."""
    task = _locked(task_id)
    if task.status != Task.Status.ON_HOLD:
        raise TaskConflictError(f"The task is {task.status.replace('_', ' ')}; only a task on hold can be resumed.")
    _require_holder_or_admin(task, actor, "resume")
    now, before, outcome = timezone.now(), task_state(task), Outcome()
    calendar, held_at = task.workflow_version.calendar, task.held_at
    moved = {"held_at": held_at.isoformat(), "held_open_seconds": calendar.open_seconds_between(held_at, now)}
    task.target_resolution = moved_by_hold(calendar, task.target_resolution, held_at=held_at, resumed_at=now)
    active = list(task.assignments.filter(status=Assignment.Status.ACTIVE).order_by("id"))
    for assignment in active:
        assignment.target_resolution = moved_by_hold(calendar, assignment.target_resolution, held_at=held_at, resumed_at=now)
        assignment.sla_warning_at = moved_by_hold(calendar, assignment.sla_warning_at, held_at=held_at, resumed_at=now)
    Assignment.objects.bulk_update(active, ["target_resolution", "sla_warning_at"])
    if active:
        target = active[0].target_resolution
        moved["assignment_target_resolution"] = target.isoformat() if target else None
    # Nobody holds it when its assignee left the role while it was held: it waits for the role, as at intake.
    task.status = Task.Status.IN_PROGRESS if active else Task.Status.PENDING
    task.held_at, task.hold_reason = None, ""
    task.save()
    outcome.messages.append(ticket_status_message(task, RESUMED_STATUS))
    target = task.target_resolution.isoformat() if task.target_resolution else None
    outcome.audit.append(
        audit_event(
            actor=actor,
            action="task.resumed",
            entity=task,
            before=before,
            save=False,
            after={**task_state(task), **moved, "target_resolution": target},
        )
    )
    outcome.write()
    return task
