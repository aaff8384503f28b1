"""Telling the people on a ticket's task about something that happened elsewhere (a comment in messaging).

messaging does not know who works a ticket; workflow_api does. The people on
the task are everyone it was ever assigned to (current and past) and its
owner, the Ticket Coordinator; the one who acted is left out.
"""

import logging
import uuid

from django.db import transaction

from tasks.models import Assignment, Task
from tasks.services.outgoing import bulk_notifications_message, inapp_notification
from tts_common.outbox.models import OutboxMessage
from tts_common.outbox.services import outbox_enqueue_many

logger = logging.getLogger(__name__)

# The outgoing message's id is derived from the incoming one, so a redelivery writes nothing new
# (and were it published twice, the notification service would drop the repeat by that id).
MESSAGE_NAMESPACE = uuid.UUID("6f1d3c1e-4d8a-4f8e-9a51-2b7c0d9e3a11")


def ticket_participants(task: Task) -> set[int]:
    assignees = set(Assignment.objects.filter(task=task).values_list("user_id", flat=True))
    return {user_id for user_id in assignees | {task.owner_user_id} if user_id is not None}


@transaction.atomic
def ticket_participants_notify(
    *,
    ticket_number: str,
    author_user_id: int | None,
    notification_type: str,
    subject: str,
    message: str,
    metadata: dict | None = None,
    message_key: str | None = None,
) -> list[int]:
    """Queue one in-app notification per participant but the author (one bulk message); returns who."""
    task = Task.objects.filter(ticket_number=ticket_number).first()
    if task is None:
        logger.info("no task for ticket %s; nobody to tell about %s", ticket_number, notification_type)
        return []
    outgoing_id = uuid.uuid5(MESSAGE_NAMESPACE, f"{notification_type}:{message_key}") if message_key else None
    if outgoing_id and OutboxMessage.objects.filter(message_id=outgoing_id).exists():
        return []
    recipients = sorted(ticket_participants(task) - {author_user_id})
    if not recipients:
        return []
    notifications = [
        inapp_notification(
            user_id=user_id,
            subject=subject,
            message=message,
            notification_type=notification_type,
            task=task,
            metadata={**(metadata or {}), "author_user_id": author_user_id},
        )
        for user_id in recipients
    ]
    [row] = outbox_enqueue_many([bulk_notifications_message(notifications)])
    if outgoing_id:
        row.message_id = outgoing_id
        row.save(update_fields=["message_id"])
    return recipients
