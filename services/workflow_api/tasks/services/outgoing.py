"""The messages workflow_api sends, as (task name, args, kwargs) for the outbox."""

from tasks.models import Assignment, Task
from tts_common.routing import (
    AMS_CHECKOUT,
    BMS_CHECKOUT,
    BULK_CREATE_NOTIFICATIONS,
    CREATE_INAPP_NOTIFICATION,
    SEND_ASSIGNMENT_NOTIFICATION,
    SEND_TICKET_STATUS,
)

Message = tuple[str, list, dict | None]

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


def inapp_kwargs(*, user_id: int, subject: str, message: str, notification_type: str, task: Task, metadata: dict | None = None) -> dict:
    return {
        "user_id": user_id,
        "subject": subject,
        "message": message,
        "notification_type": notification_type,
        "related_task_id": task.pk,
        "related_ticket_number": task.ticket_number,
        "metadata": metadata or {},
    }


def assignment_messages(task: Task, assignment: Assignment) -> list[Message]:
    headline = HEADLINE_BY_REASON[assignment.reason]
    return [
        (
            SEND_ASSIGNMENT_NOTIFICATION,
            [],
            {
                "user_id": assignment.user_id,
                "user_email": assignment.user_email,
                "task_id": task.pk,
                "ticket_number": task.ticket_number,
                "task_title": task.subject,
                "role_name": assignment.role_name,
            },
        ),
        (
            CREATE_INAPP_NOTIFICATION,
            [],
            inapp_kwargs(
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
    return (SEND_TICKET_STATUS, [task.ticket_number, new_status], None)


def end_logic_messages(task: Task, end_logic: str) -> list[Message]:
    """What a completed task asks of the world beyond the help desk (documented in docs/api.md)."""
    if task.resolution != "Resolved":
        return []
    request = {"ticket_number": task.ticket_number, "task_id": task.pk, "ticket": task.ticket}
    if end_logic == "asset":
        return [(AMS_CHECKOUT, [request], None)]
    if end_logic == "budget":
        return [(BMS_CHECKOUT, [request], None)]
    if end_logic == "notification" and task.owner_user_id:
        return [
            (
                CREATE_INAPP_NOTIFICATION,
                [],
                inapp_kwargs(
                    user_id=task.owner_user_id,
                    subject=f"Ticket resolved: {task.ticket_number}",
                    message=f"{task.subject} was resolved.",
                    notification_type="task_completed",
                    task=task,
                ),
            )
        ]
    return []


def bulk_notifications_message(notifications: list[dict]) -> Message:
    return (BULK_CREATE_NOTIFICATIONS, [], {"notifications": notifications})
