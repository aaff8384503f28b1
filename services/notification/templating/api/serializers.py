from django.conf import settings
from django.core.validators import MaxLengthValidator
from rest_framework import serializers

from templating.models import NotificationTemplate
from templating.services import template_check


class NotificationTemplateSerializer(serializers.ModelSerializer):
    class Meta:
        model = NotificationTemplate
        fields = ["id", "notification_type", "channel", "subject", "body", "description", "is_active", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]

    def validate(self, attrs):
        subject = attrs.get("subject", getattr(self.instance, "subject", ""))
        body = attrs.get("body", getattr(self.instance, "body", ""))
        template_check(subject=subject, body=body)  # TemplateCheckError: a 400 naming subject or body
        return attrs


class ContextField(serializers.DictField):
    """A template context: an object of at most ``NOTIFICATION_CONTEXT_MAX_ENTRIES`` top-level entries."""

    def __init__(self, **kwargs):
        limit = settings.NOTIFICATION_CONTEXT_MAX_ENTRIES
        too_many = MaxLengthValidator(limit, message="At most %(limit_value)d entries (it has %(show_value)d).")
        kwargs.setdefault("help_text", f"Values the template reads; at most {limit} entries.")
        super().__init__(validators=[too_many], **kwargs)


class TemplatePreviewInputSerializer(serializers.Serializer):
    context = ContextField(required=False, default=dict)


class TemplatePreviewSerializer(serializers.Serializer):
    subject = serializers.CharField()
    body = serializers.CharField()
