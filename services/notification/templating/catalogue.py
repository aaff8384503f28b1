"""The notification types this service knows and the channels it delivers on.

A type is a short slug; producers may send types not listed here (the
contract's list ends with "..."): they are delivered with the generic
fallback template and default-on preferences.
"""

import re

from django.db import models

from tts_common import messages


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    INAPP = "inapp", "In-app"


# The contract's in-app types, delivered on both channels.
CONTRACT_TYPES: dict[str, str] = {
    "task_assignment": "A task was assigned to you",
    "task_transfer": "A task was transferred to you",
    "task_escalation": "A task was escalated to you",
    "task_completed": "A ticket you own was completed",
    "sla_warning": "A task of yours is close to its SLA target",
    "sla_breach": "A task passed its SLA target",
    "comment_added": "Someone commented on a ticket you follow",
    "system": "A message from the system",
}
# auth's mail (notifications.send_email), email only.
ACCOUNT_TYPES: dict[str, str] = {
    "password_reset": "A link to reset your password",
    "otp_code": "A one-time sign-in passcode",
    "login_alert": "A new sign-in to your account",
}
NOTIFICATION_TYPES: dict[str, str] = {**CONTRACT_TYPES, **ACCOUNT_TYPES}

# Security mail reaches its recipient whatever their preferences say.
MANDATORY_TYPES = frozenset({"password_reset", "otp_code"})

# Every (type, channel) a person may switch on or off.
PREFERENCE_MATRIX: tuple[tuple[str, str], ...] = tuple(
    [(kind, channel) for kind in CONTRACT_TYPES for channel in (Channel.EMAIL, Channel.INAPP)]
    + [(kind, Channel.EMAIL) for kind in ACCOUNT_TYPES if kind not in MANDATORY_TYPES]
)

# One rule for the queues' messages and this service's own API and templates.
NOTIFICATION_TYPE_PATTERN = re.compile(messages.NOTIFICATION_TYPE_PATTERN)
NOTIFICATION_TYPE_MAX_LENGTH = 64


def is_notification_type(value: object) -> bool:
    return isinstance(value, str) and bool(NOTIFICATION_TYPE_PATTERN.match(value))


def type_label(notification_type: str) -> str:
    """``sla_warning`` -> ``Sla warning``: how a type reads where nothing better is known."""
    return notification_type.replace("_", " ").replace(".", " ").replace("-", " ").strip().capitalize() or "Notification"
