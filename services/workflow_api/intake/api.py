from rest_framework import serializers, viewsets

from intake.models import IntakeFailure
from tts_common.permissions import IsTTSAdmin


class IntakeFailureSerializer(serializers.ModelSerializer):
    class Meta:
        model = IntakeFailure
        fields = ["id", "created_at", "ticket_number", "reason", "payload", "message_id"]


class IntakeFailureViewSet(viewsets.ReadOnlyModelViewSet):
    """Ticket messages that could not become tasks, with the reason (administrators)."""

    queryset = IntakeFailure.objects.all()
    serializer_class = IntakeFailureSerializer
    permission_classes = [IsTTSAdmin]
    filterset_fields = ["ticket_number"]
    ordering_fields = ["id", "created_at", "ticket_number"]
