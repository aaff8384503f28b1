from django.conf import settings
from rest_framework import serializers

from notifications.models import DeliveryLog, InAppNotification
from templating.api.serializers import ContextField
from templating.catalogue import MANDATORY_TYPES, NOTIFICATION_TYPE_MAX_LENGTH, Channel, is_notification_type
from tts_common.fields import IdField
from tts_common.limits import EMAIL_MAX_LENGTH


class StrictBooleanField(serializers.BooleanField):
    """JSON true or false only: "yes", 1 or "maybe" are a 400, not a guess."""

    default_error_messages = {"invalid": "Must be true or false."}

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        self.fail("invalid")


class NotificationTypeField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=NOTIFICATION_TYPE_MAX_LENGTH, **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not is_notification_type(value):
            raise serializers.ValidationError("A notification type is a lower-case slug: letters, digits, '_', '.', '-' (at most 64).")
        return value


class InAppNotificationSerializer(serializers.ModelSerializer):
    related_ticket_number = serializers.SerializerMethodField()

    class Meta:
        model = InAppNotification
        fields = [
            "id",
            "user_id",
            "subject",
            "message",
            "notification_type",
            "related_task_id",
            "related_ticket_number",
            "metadata",
            "is_read",
            "read_at",
            "created_at",
        ]

    def get_related_ticket_number(self, notification) -> str | None:
        return notification.related_ticket_number or None


class InAppUpdateSerializer(serializers.Serializer):
    is_read = StrictBooleanField()


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class SendInputSerializer(serializers.Serializer):
    user_email = serializers.EmailField(max_length=EMAIL_MAX_LENGTH)  # the delivery log's recipient column
    notification_type = NotificationTypeField()
    context = ContextField(required=False, default=dict)
    user_id = IdField(required=False, help_text="Optional: the recipient's user id, for their preferences.")


class QueuedSerializer(serializers.Serializer):
    status = serializers.CharField()
    message_id = serializers.CharField()


class DeliveryLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeliveryLog
        fields = [
            "id",
            "channel",
            "recipient",
            "user_id",
            "notification_type",
            "subject",
            "status",
            "error",
            "attempts",
            "task_name",
            "message_id",
            "created_at",
            "updated_at",
            "sent_at",
        ]


class PreferenceSerializer(serializers.Serializer):
    notification_type = NotificationTypeField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    enabled = StrictBooleanField()
    is_default = serializers.BooleanField(read_only=True)

    def validate_notification_type(self, value: str) -> str:
        if value in MANDATORY_TYPES:
            raise serializers.ValidationError(f"{value} mail is always sent; it cannot be switched.")
        return value


def _preference_list(**kwargs) -> serializers.ListSerializer:
    return PreferenceSerializer(
        many=True,
        allow_empty=True,
        max_length=settings.NOTIFICATION_PREFERENCES_MAX,
        help_text=f"At most {settings.NOTIFICATION_PREFERENCES_MAX} choices; each (notification_type, channel) once.",
        **kwargs,
    )


class PreferencesInputSerializer(serializers.Serializer):
    """PUT: every choice the person keeps."""

    preferences = _preference_list()

    def validate_preferences(self, items):
        pairs = [(item["notification_type"], item["channel"]) for item in items]
        if len(pairs) != len(set(pairs)):
            raise serializers.ValidationError("Each (notification_type, channel) may appear once.")
        return items


class PreferencesChangeSerializer(PreferencesInputSerializer):
    """PATCH: the choices to change; none (or no ``preferences``) changes nothing."""

    preferences = _preference_list(required=False, default=list)


class PreferencesSerializer(serializers.Serializer):
    preferences = PreferenceSerializer(many=True)
    always_sent = serializers.ListField(child=serializers.CharField())
