from rest_framework import serializers

from tasks.models import Task


class RequesterSerializer(serializers.Serializer):
    email = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()


class RequesterTicketSerializer(serializers.ModelSerializer):
    id = serializers.SerializerMethodField(help_text="The task's id when the caller may open it; null otherwise.")
    can_open = serializers.BooleanField(help_text="Whether GET /tasks/{id}/ answers the caller.")

    class Meta:
        model = Task
        fields = ["id", "ticket_number", "subject", "status", "priority", "received_at", "completed_at", "can_open"]
        read_only_fields = fields

    def get_id(self, task) -> int | None:
        return task.pk if task.can_open else None
