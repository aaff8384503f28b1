from rest_framework import viewsets

from roles.api.serializers import RoleSerializer
from roles.selectors import role_list


class RoleViewSet(viewsets.ReadOnlyModelViewSet):
    """The replica of auth's TTS roles and their members (kept by the sync queues)."""

    serializer_class = RoleSerializer
    lookup_field = "role_id"
    filterset_fields = ["name"]
    ordering_fields = ["name", "role_id"]

    def get_queryset(self):
        return role_list()
