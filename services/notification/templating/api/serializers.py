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


class TemplatePreviewInputSerializer(serializers.Serializer):
    context = serializers.DictField(required=False, default=dict)


class TemplatePreviewSerializer(serializers.Serializer):
    subject = serializers.CharField()
    body = serializers.CharField()
