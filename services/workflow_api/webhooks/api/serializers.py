from rest_framework import serializers

from webhooks.models import SECRET_MAX_LENGTH, URL_MAX_LENGTH, Delivery, EventType, Subscription

SECRET_MIN_LENGTH = 16


class SubscriptionSerializer(serializers.ModelSerializer):
    """A subscription as administrators read it; the secret is never shown again, only its last four characters."""

    secret_hint = serializers.SerializerMethodField(help_text="The secret's last four characters, to tell secrets apart.")
    events = serializers.ListField(child=serializers.ChoiceField(choices=EventType.choices))

    class Meta:
        model = Subscription
        fields = [
            "id", "url", "events", "description", "is_active", "secret_hint", "owner_user_id", "owner_email",
            "failing_since", "disabled_at", "disabled_reason", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_secret_hint(self, subscription: Subscription) -> str:
        return "…" + subscription.secret[-4:]


class SubscriptionCreatedSerializer(SubscriptionSerializer):
    """The create response: the subscription and its ``secret``, shown this once."""

    secret = serializers.CharField(help_text="Sign-check deliveries with it; it is not shown again.")

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class SubscriptionWriteSerializer(serializers.Serializer):
    """What an administrator writes: ``secret`` is write-only and generated when left out on create."""

    url = serializers.CharField(max_length=URL_MAX_LENGTH, help_text="http(s) URL; in production a public address only.")
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EventType.choices), min_length=1, max_length=len(EventType.choices) * 2, allow_empty=False
    )
    secret = serializers.CharField(
        write_only=True, required=False, min_length=SECRET_MIN_LENGTH, max_length=SECRET_MAX_LENGTH, trim_whitespace=False,
        help_text="The HMAC key; leave it out to have one generated (shown once in the answer).",
    )  # fmt: skip
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)

    def validate_secret(self, value: str) -> str:
        if value != value.strip() or any(ord(character) < 32 for character in value):
            raise serializers.ValidationError("Must not start or end with spaces or contain control characters.")
        return value

    def validate_url(self, value: str) -> str:
        if "\x00" in value:
            raise serializers.ValidationError("Must not contain NUL.")
        return value


class DeliverySerializer(serializers.ModelSerializer):
    """One delivery in the log: the body sent, how it went, and when it is tried next."""

    subscription_url = serializers.CharField(source="subscription.url", read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id", "subscription", "subscription_url", "event_id", "event_type", "body", "status", "attempts", "last_response_code",
            "last_error", "next_attempt_at", "first_attempt_at", "last_attempt_at", "delivered_at", "redelivery_of", "created_at",
        ]  # fmt: skip
        read_only_fields = fields
