from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from rbac.api.serializers import RoleSerializer, SystemSerializer, UserSystemRoleAssignSerializer, UserSystemRoleSerializer
from rbac.models import Role, System, UserSystemRole
from rbac.services import user_system_role_assign
from tts_common import filters as tts_filters
from tts_common.permissions import IsTTSAdmin, IsTTSAdminOrReadOnly


class SystemViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = System.objects.all()
    serializer_class = SystemSerializer


class SystemSlugFilter(filters.ModelChoiceFilter):
    """``?system=tts``: a system by slug; one that does not exist is a 400 naming ``system``, not an empty list."""

    def __init__(self, **kwargs):
        super().__init__(queryset=System.objects.all(), to_field_name="slug", **kwargs)


class RoleFilter(tts_filters.FilterSet):
    system = SystemSlugFilter()

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
    system = SystemSlugFilter()

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

    @extend_schema(
        request=UserSystemRoleAssignSerializer,
        responses={
            201: UserSystemRoleSerializer,
            200: OpenApiResponse(UserSystemRoleSerializer, description="already assigned (reactivated if revoked)"),
        },
    )
    def create(self, request, *args, **kwargs):
        serializer = UserSystemRoleAssignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignment, created = user_system_role_assign(**serializer.validated_data)
        return Response(self.get_serializer(assignment).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
