from django_filters import rest_framework as filters
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from rbac.api.serializers import RoleSerializer, SystemSerializer, UserSystemRoleSerializer
from rbac.models import Role, System, UserSystemRole
from rbac.services import user_system_role_assign
from tts_common import filters as tts_filters
from tts_common.permissions import IsTTSAdmin, IsTTSAdminOrReadOnly


class SystemViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = System.objects.all()
    serializer_class = SystemSerializer


class RoleFilter(tts_filters.FilterSet):
    system = filters.CharFilter(field_name="system__slug")

    class Meta:
        model = Role
        fields = ["system", "name"]


class RoleViewSet(viewsets.ModelViewSet):
    queryset = Role.objects.select_related("system")
    serializer_class = RoleSerializer
    permission_classes = [IsTTSAdminOrReadOnly]
    filterset_class = RoleFilter
    ordering_fields = ["id", "name"]


class UserSystemRoleFilter(tts_filters.FilterSet):
    system = filters.CharFilter(field_name="system__slug")

    class Meta:
        model = UserSystemRole
        fields = ["user", "system", "role", "is_active"]


class UserSystemRoleViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Assign (POST) and revoke (DELETE) a user's role in a system."""

    queryset = UserSystemRole.objects.select_related("user", "system", "role")
    serializer_class = UserSystemRoleSerializer
    permission_classes = [IsTTSAdmin]
    filterset_class = UserSystemRoleFilter

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignment, created = user_system_role_assign(**serializer.validated_data)
        return Response(self.get_serializer(assignment).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
