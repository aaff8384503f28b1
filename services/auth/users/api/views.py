from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated
from rest_framework.filters import SearchFilter
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from authn.api.serializers import TokenPairSerializer
from authn.tokens import token_pair_after
from tts_common import filters as tts_filters
from tts_common.permissions import IsTTSAdmin
from tts_common.throttling import ScopedRateThrottle
from users.api.serializers import MeSerializer, PasswordChangeSerializer, UserCreateSerializer, UserSerializer
from users.models import User
from users.selectors import active_role_assignments, user_list
from users.services import user_deactivate, user_password_change


@extend_schema_view(create=extend_schema(request=UserCreateSerializer, responses={201: UserSerializer}))
class UserViewSet(viewsets.ModelViewSet):
    """Users, for TTS administrators. DELETE deactivates: accounts are kept for the record."""

    serializer_class = UserSerializer
    permission_classes = [IsTTSAdmin]
    filter_backends = [tts_filters.FilterBackend, SearchFilter]
    filterset_fields = ["is_active", "otp_enabled"]
    search_fields = ["email", "first_name", "last_name"]
    throttle_scope: str | None = None  # set per action (change_password)

    def get_queryset(self):
        return user_list()

    def get_serializer_class(self):
        return UserCreateSerializer if self.action == "create" else super().get_serializer_class()

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

    @extend_schema(
        request=PasswordChangeSerializer,
        responses={200: OpenApiResponse(TokenPairSerializer, description="a new pair for this browser: every other session is signed out")},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="me/password",
        permission_classes=[IsAuthenticated],
        serializer_class=PasswordChangeSerializer,
        throttle_classes=[ScopedRateThrottle],
        throttle_scope="login",
    )
    def change_password(self, request):
        """The caller's own password; every token they hold dies and this browser gets a new pair (within a second)."""
        serializer = PasswordChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = User.objects.filter(pk=request.user.id, is_active=True).first()
        if user is None:
            raise NotAuthenticated("This account no longer exists or was deactivated.")
        user_password_change(user=user, **serializer.validated_data)
        return Response(token_pair_after(user, revoked_at=user.tokens_valid_after))
