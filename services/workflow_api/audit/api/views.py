from rest_framework import viewsets

from audit.api.serializers import AuditEventSerializer
from audit.models import AuditEvent
from tts_common import filters as tts_filters
from tts_common.permissions import IsTTSAdmin


class AuditEventFilter(tts_filters.FilterSet):
    actor = tts_filters.IntegerFilter(field_name="actor_user_id", help_text="The acting user's id.")
    since = tts_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")

    class Meta:
        model = AuditEvent
        fields = ["task", "workflow", "ticket_number", "actor", "action", "entity_type"]


class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit trail, for administrators (a task's own history is on the task)."""

    queryset = AuditEvent.objects.all()
    serializer_class = AuditEventSerializer
    permission_classes = [IsTTSAdmin]
    filterset_class = AuditEventFilter
    ordering_fields = ["id", "created_at"]
