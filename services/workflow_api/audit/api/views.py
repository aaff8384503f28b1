from django import forms
from django_filters import rest_framework as filters
from rest_framework import viewsets

from audit.api.serializers import AuditEventSerializer
from audit.models import AuditEvent
from tts_common import filters as tts_filters
from tts_common.permissions import IsTTSAdmin


class WholeNumberFilter(filters.NumberFilter):
    """A whole number (``?actor=1.5`` is a 400, not actor 1)."""

    field_class = forms.IntegerField


class AuditEventFilter(tts_filters.FilterSet):
    actor = WholeNumberFilter(field_name="actor_user_id", help_text="The acting user's id.")
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
