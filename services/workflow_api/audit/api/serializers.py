from rest_framework import serializers

from audit.models import AuditEvent
from audit.selectors import people_names


class AuditEventListSerializer(serializers.ListSerializer):
    """A list of audit events, their actors named in one query (``actor_names`` in the context)."""

    def to_representation(self, data):
        events = list(data.all() if hasattr(data, "all") else data)
        context = getattr(self.root, "_context", None)
        if isinstance(context, dict) and "actor_names" not in context:
            context["actor_names"] = people_names(event.actor_user_id for event in events)
        return super().to_representation(events)


class AuditEventSerializer(serializers.ModelSerializer):
    """One audit event. ``actor_name`` is the acting person as people read it: their full name from the role replica,
    else their email; ``""`` when the system acted."""

    actor_name = serializers.SerializerMethodField(
        help_text="The actor's full name from the role replica (else their email); empty when the system acted (actor_user_id null)."
    )

    class Meta:
        model = AuditEvent
        list_serializer_class = AuditEventListSerializer
        fields = [
            "id",
            "created_at",
            "actor_user_id",
            "actor_email",
            "actor_name",
            "action",
            "entity_type",
            "entity_id",
            "task",
            "workflow",
            "ticket_number",
            "before",
            "after",
        ]

    def get_actor_name(self, event: AuditEvent) -> str:
        if event.actor_user_id is None:
            return ""
        names = self.context.get("actor_names")
        if names is None:
            names = people_names([event.actor_user_id])
        return names.get(event.actor_user_id) or event.actor_email
