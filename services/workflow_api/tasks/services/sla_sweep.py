"""The periodic SLA sweep: warn at 75% of an assignment's window, act at 100%; a task on hold is left alone.

Warnings touch only assignment rows (skipping any an action holds). A breach
may escalate, so each is handled in its own transaction that locks the task
first, like every other action on a task. A breach that fails for a reason
that is not transient (a broken workflow definition, an SLA whose deadline
overflows) costs only itself: the assignment is marked breached without the
escalation, the failure is recorded as a ``DeadLetter`` row for an operator,
and the sweep goes on; the next sweep does not pick it again.
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
from tasks.services.outgoing import bulk_notifications_message, inapp_notification
from tts_common.celery import TRANSIENT_ERRORS
from tts_common.deadletter.services import dead_letter_record
from tts_common.outbox.services import outbox_enqueue_many
from tts_common.routing import SLA_SWEEP, WORKFLOW_MAINTENANCE_QUEUE

logger = logging.getLogger(__name__)
BATCH = 500


@dataclass(frozen=True)
class SweepResult:
    warned: int
    breached: int
    escalated: int
    failed: int = 0


def sla_sweep(*, now=None) -> SweepResult:
    now = now or timezone.now()
    warned = _warn(now)
    breached = escalated = failed = 0
    due = (
        Assignment.objects.filter(status=Assignment.Status.ACTIVE, breached_at__isnull=True, target_resolution__lte=now)
        .exclude(task__status=Task.Status.ON_HOLD)
        .values_list("id", flat=True)
        .order_by("target_resolution")[:BATCH]
    )
    for assignment_id in list(due):
        try:
            acted = _breach(assignment_id, now)
        except TRANSIENT_ERRORS:
            raise
        except Exception as error:  # one broken task must not hold back every breach behind it
            logger.exception("SLA breach of assignment %s failed", assignment_id)
            _breach_failed(assignment_id, now, error)
            failed += 1
            continue
        breached += acted is not None
        escalated += bool(acted)
    return SweepResult(warned=warned, breached=breached, escalated=escalated, failed=failed)


def _breach_failed(assignment_id: int, now, error: Exception) -> None:
    """Mark the assignment breached (so no later sweep trips on it again) and record why it was not acted on."""
    Assignment.objects.filter(pk=assignment_id, breached_at__isnull=True).update(breached_at=now)
    dead_letter_record(
        task_name=SLA_SWEEP,
        task_id=f"assignment-{assignment_id}",
        queue=WORKFLOW_MAINTENANCE_QUEUE,
        args=[assignment_id],
        kwargs={},
        reason=f"breach not acted on: {type(error).__name__}: {error}",
        published=False,
    )


@transaction.atomic
def _warn(now) -> int:
    due = list(
        Assignment.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("task")
        .filter(status=Assignment.Status.ACTIVE, warned_at__isnull=True, sla_warning_at__lte=now, target_resolution__gt=now)
        .exclude(task__status=Task.Status.ON_HOLD)
        .order_by("id")[:BATCH]
    )
    if not due:
        return 0
    for assignment in due:
        assignment.warned_at = now
    Assignment.objects.bulk_update(due, ["warned_at"])
    notifications = [
        inapp_notification(
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
    if assignment is None or task.status == Task.Status.ON_HOLD:  # put on hold since it was found due
        return None
    assignment.breached_at = now
    assignment.save(update_fields=["breached_at"])
    outcome = Outcome()
    recipients = {assignment.user_id, task.owner_user_id} - {None}
    outcome.messages.append(
        bulk_notifications_message(
            [
                inapp_notification(
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
