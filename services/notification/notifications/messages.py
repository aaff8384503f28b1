"""The notification worker's view of the messages it consumes.

The payloads are read through their definitions (``tts_common.messages``:
``SEND_ASSIGNMENT_NOTIFICATION``, ``SEND_EMAIL``, ``CREATE_INAPP_NOTIFICATION``,
``BULK_CREATE_NOTIFICATIONS``), which refuse what cannot be delivered or
stored, naming the field. This module turns them into the requests the
delivery services take, and says what it can about a malformed message for
the delivery log.
"""

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tts_common.messages import AssignmentNotification, Email, InAppNotification

ASSIGNMENT_TYPE = "task_assignment"
DEDUPE_ID_MAX_LENGTH = 120

# An in-app request is the message's own payload.
InAppRequest = InAppNotification


@dataclass(frozen=True)
class EmailRequest:
    to: str
    notification_type: str
    context: dict
    user_id: int | None = None


def message_key(message_id: str | None) -> str:
    """The dedupe key of a message: its id (the Celery task id), or a fresh one when it has none."""
    if not message_id:
        return f"noid-{uuid.uuid4().hex}"
    if len(message_id) > DEDUPE_ID_MAX_LENGTH:
        return "sha256-" + hashlib.sha256(message_id.encode()).hexdigest()
    return message_id


def assignment_email_from(notice: AssignmentNotification) -> EmailRequest:
    """A ``task.send_assignment_notification``: mail with the ``task_assignment`` template."""
    return EmailRequest(to=notice.user_email, notification_type=ASSIGNMENT_TYPE, context=notice.model_dump(), user_id=notice.user_id)


def send_email_from(email: Email) -> EmailRequest:
    """A ``notifications.send_email``: ``template`` is the notification type; ``user_id`` (optional) finds the preferences by id."""
    return EmailRequest(to=email.to, notification_type=email.template, context=dict(email.context), user_id=email.user_id)


def best_effort_details(payload: Any) -> dict[str, Any]:
    """What can be told about a malformed message's recipient and type, for the delivery log."""
    if not isinstance(payload, Mapping):
        return {}
    details: dict[str, Any] = {}
    user_id = payload.get("user_id")
    if isinstance(user_id, int) and not isinstance(user_id, bool) and 0 < user_id < 2**63:
        details["user_id"] = user_id
    for key in ("user_email", "to"):
        if isinstance(payload.get(key), str):
            details["recipient"] = payload[key][:254]
    for key in ("notification_type", "template"):
        if isinstance(payload.get(key), str):
            details["notification_type"] = payload[key][:64]
    return details
