"""Reads: a person's in-app notifications and preferences, the delivery history."""

from django.db.models import QuerySet

from notifications.models import DeliveryLog, InAppNotification, NotificationPreference
from templating.catalogue import PREFERENCE_MATRIX


def inapp_list_for(*, user_id: int) -> QuerySet[InAppNotification]:
    """The person's own notifications, newest first."""
    return InAppNotification.objects.filter(user_id=user_id).order_by("-created_at", "-id")


def inapp_unread_count(*, user_id: int) -> int:
    return InAppNotification.objects.filter(user_id=user_id, is_read=False).count()


def delivery_history() -> QuerySet[DeliveryLog]:
    return DeliveryLog.objects.order_by("-created_at", "-id")


def preferences_effective(*, user_id: int) -> list[dict]:
    """Every (type, channel) a person can switch, with what applies now (no row: on), then any other type they set."""
    chosen = {
        (kind, channel): enabled
        for kind, channel, enabled in NotificationPreference.objects.filter(user_id=user_id).values_list(
            "notification_type", "channel", "enabled"
        )
    }
    pairs = list(PREFERENCE_MATRIX) + sorted(set(chosen) - set(PREFERENCE_MATRIX))
    return [
        {
            "notification_type": kind,
            "channel": str(channel),
            "enabled": chosen.get((kind, channel), True),
            "is_default": (kind, channel) not in chosen,
        }
        for kind, channel in pairs
    ]
