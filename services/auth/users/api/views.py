from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated
from rest_framework.filters import SearchFilter
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from tts_common import filters as tts_filters
from tts_common.permissions import IsTTSAdmin
from users.api.serializers import MeSerializer, UserSerializer
from users.models import User
from users.selectors import active_role_assignments, user_list
from users.services import user_deactivate


class UserViewSet(viewsets.ModelViewSet):
    """Users, for TTS administrators. DELETE deactivates: accounts are kept for the record."""

    serializer_class = UserSerializer
    permission_classes = [IsTTSAdmin]
    filter_backends = [tts_filters.FilterBackend, SearchFilter]
    filterset_fields = ["is_active", "otp_enabled"]
    search_fields = ["email", "first_name", "last_name"]

    def get_queryset(self):
        return user_list()

    def perform_destroy(self, instance: User) -> None:
        user_deactivate(user=instance)

    @extend_schema(responses=MeSerializer, request=MeSerializer)
    @action(detail=False, methods=["get", "patch"], permission_classes=[IsAuthenticated], serializer_class=MeSerializer)
    def me(self, request):
        user = User.objects.prefetch_related(active_role_assignments()).filter(pk=request.user.id, is_active=True).first()
        if user is None:
            raise NotAuthenticated("This account no longer exists or was deactivated.")
        if request.method == "GET":
            return Response(MeSerializer(user).data)
        serializer = MeSerializer(user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(MeSerializer(user).data, status=status.HTTP_200_OK)
