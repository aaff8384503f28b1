"""The periodic SLA sweep: warn at 75% of an assignment's window, act at 100%.

Warnings touch only assignment rows (skipping any an action holds). A breach
may escalate, so each is handled in its own transaction that locks the task
first, like every other action on a task.
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from audit.services import SYSTEM, audit_event
from tasks.models import Assignment, Task
from tasks.services.assignment import Outcome
from tasks.services.errors import TaskActionError
from tasks.services.lifecycle import escalate
from tasks.services.outgoing import bulk_notifications_message, inapp_kwargs
from tts_common.outbox.services import outbox_enqueue_many

logger = logging.getLogger(__name__)
BATCH = 500


@dataclass(frozen=True)
class SweepResult:
    warned: int
    breached: int
    escalated: int


def sla_sweep(*, now=None) -> SweepResult:
    now = now or timezone.now()
    warned = _warn(now)
    breached = escalated = 0
    due = (
        Assignment.objects.filter(status=Assignment.Status.ACTIVE, breached_at__isnull=True, target_resolution__lte=now)
        .values_list("id", flat=True)
        .order_by("target_resolution")[:BATCH]
    )
    for assignment_id in list(due):
        acted = _breach(assignment_id, now)
        breached += acted is not None
        escalated += bool(acted)
    return SweepResult(warned=warned, breached=breached, escalated=escalated)


@transaction.atomic
def _warn(now) -> int:
    due = list(
        Assignment.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("task")
        .filter(status=Assignment.Status.ACTIVE, warned_at__isnull=True, sla_warning_at__lte=now, target_resolution__gt=now)
        .order_by("id")[:BATCH]
    )
    if not due:
        return 0
    for assignment in due:
        assignment.warned_at = now
    Assignment.objects.bulk_update(due, ["warned_at"])
    notifications = [
        inapp_kwargs(
            user_id=a.user_id,
            subject=f"SLA warning: {a.task.ticket_number}",
            message=f"{a.task.subject} is due by {a.target_resolution:%Y-%m-%d %H:%M} UTC.",
            notification_type="sla_warning",
            task=a.task,
            metadata={"step": a.step_name, "target_resolution": a.target_resolution.isoformat()},
        )
        for a in due
    ]
    outbox_enqueue_many([bulk_notifications_message(notifications)])
    return len(due)


@transaction.atomic
def _breach(assignment_id: int, now) -> bool | None:
    """None when nothing was due any more; otherwise whether the task was escalated."""
    task_id = Assignment.objects.filter(pk=assignment_id).values_list("task_id", flat=True).first()
    task = Task.objects.select_for_update(of=("self",)).select_related("workflow_version").get(pk=task_id)
    assignment = Assignment.objects.filter(pk=assignment_id, status=Assignment.Status.ACTIVE, breached_at__isnull=True).first()
    if assignment is None:
        return None
    assignment.breached_at = now
    assignment.save(update_fields=["breached_at"])
    outcome = Outcome()
    recipients = {assignment.user_id, task.owner_user_id} - {None}
    outcome.messages.append(
        bulk_notifications_message(
            [
                inapp_kwargs(
                    user_id=user_id,
                    subject=f"SLA breached: {task.ticket_number}",
                    message=f"{task.subject} passed its target at step {assignment.step_name}.",
                    notification_type="sla_breach",
                    task=task,
                    metadata={"step": assignment.step_name, "assignee": assignment.user_id},
                )
                for user_id in sorted(recipients)
            ]
        )
    )
    outcome.audit.append(
        audit_event(
            actor=SYSTEM,
            action="sla.breached",
            entity=task,
            save=False,
            after={"assignment": assignment.pk, "step": assignment.step_name, "user_id": assignment.user_id},
        )
    )
    escalated = False
    if assignment.reason != Assignment.Reason.SLA_BREACH:  # an SLA escalation is not escalated again
        try:
            escalate(
                task=task,
                current=assignment,
                reason_text="SLA breached",
                actor=SYSTEM,
                reason=Assignment.Reason.SLA_BREACH,
                outcome=outcome,
                now=now,
            )
            escalated = True
            task.save()
        except TaskActionError as error:
            logger.info("breached task %s not escalated: %s", task.ticket_number, error.message)
    outcome.write()
    return escalated
