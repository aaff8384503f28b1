from rest_framework import serializers

from audit.models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "created_at",
            "actor_user_id",
            "actor_email",
            "action",
            "entity_type",
            "entity_id",
            "task",
            "workflow",
            "ticket_number",
            "before",
            "after",
        ]
