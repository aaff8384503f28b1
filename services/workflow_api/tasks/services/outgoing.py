"""The messages workflow_api sends, built through their definitions (``tts_common.messages``) for the outbox.

Each is an ``OutgoingMessage`` ``(task name, args, kwargs)``, validated as its consumer will read it.
"""

import logging

from tasks.models import Assignment, Task
from tts_common import messages
from tts_common.messages import InAppNotification, MalformedMessageError, OutgoingMessage

logger = logging.getLogger(__name__)

Message = OutgoingMessage

NOTIFICATION_TYPE_BY_REASON = {
    Assignment.Reason.WORKFLOW: "task_assignment",
    Assignment.Reason.ESCALATION: "task_escalation",
    Assignment.Reason.TRANSFER: "task_transfer",
    Assignment.Reason.SLA_BREACH: "task_escalation",
}
HEADLINE_BY_REASON = {
    Assignment.Reason.WORKFLOW: "New task assigned",
    Assignment.Reason.ESCALATION: "Task escalated to you",
    Assignment.Reason.TRANSFER: "Task transferred to you",
    Assignment.Reason.SLA_BREACH: "Overdue task escalated to you",
}


def inapp_notification(
    *, user_id: int, subject: str, message: str, notification_type: str, task: Task, metadata: dict | None = None
) -> InAppNotification:
    """One in-app notification about ``task`` (a ``create_inapp_notification`` payload, or one item of a bulk message)."""
    return InAppNotification(
        user_id=user_id,
        subject=subject,
        message=message,
        notification_type=notification_type,
        related_task_id=task.pk,
        related_ticket_number=task.ticket_number,
        metadata=metadata or {},
    )


def assignment_mail(task: Task, assignment: Assignment) -> list[Message]:
    """The assignment mail, or none when the assignee has no usable address (the replica may hold none)."""
    try:
        return [
            messages.SEND_ASSIGNMENT_NOTIFICATION.build(
                user_id=assignment.user_id,
                user_email=assignment.user_email,
                task_id=task.pk,
                ticket_number=task.ticket_number,
                task_title=task.subject,
                role_name=assignment.role_name,
            )
        ]
    except MalformedMessageError as error:
        logger.warning("no assignment mail for user %s on %s: %s", assignment.user_id, task.ticket_number, error)
        return []


def assignment_messages(task: Task, assignment: Assignment) -> list[Message]:
    headline = HEADLINE_BY_REASON[assignment.reason]
    return [
        *assignment_mail(task, assignment),
        messages.CREATE_INAPP_NOTIFICATION.message(
            inapp_notification(
                user_id=assignment.user_id,
                subject=f"{headline}: {task.ticket_number}",
                message=f"{task.subject} ({task.priority}) is at step {assignment.step_name} for {assignment.role_name}.",
                notification_type=NOTIFICATION_TYPE_BY_REASON[assignment.reason],
                task=task,
                metadata={
                    "step": assignment.step_name,
                    "priority": task.priority,
                    "role": assignment.role_name,
                    "target_resolution": assignment.target_resolution.isoformat() if assignment.target_resolution else None,
                },
            ),
        ),
    ]


def ticket_status_message(task: Task, new_status: str) -> Message:
    return messages.SEND_TICKET_STATUS.build(ticket_number=task.ticket_number, new_status=new_status)


def end_logic_messages(task: Task, end_logic: str) -> list[Message]:
    """What a completed task asks of the world beyond the help desk (documented in docs/api.md)."""
    if task.resolution != "Resolved":
        return []
    request = {"ticket_number": task.ticket_number, "task_id": task.pk, "ticket": task.ticket}
    if end_logic == "asset":
        return [messages.AMS_CHECKOUT.build(**request)]
    if end_logic == "budget":
        return [messages.BMS_CHECKOUT.build(**request)]
    if end_logic == "notification" and task.owner_user_id:
        return [
            messages.CREATE_INAPP_NOTIFICATION.message(
                inapp_notification(
                    user_id=task.owner_user_id,
                    subject=f"Ticket resolved: {task.ticket_number}",
                    message=f"{task.subject} was resolved.",
                    notification_type="task_completed",
                    task=task,
                ),
            )
        ]
    return []


def bulk_notifications_message(notifications: list[InAppNotification]) -> Message:
    items = [notification.model_dump(mode="json") for notification in notifications]
    return messages.BULK_CREATE_NOTIFICATIONS.build(notifications=items)
