from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from notifications.api.authentication import APIKeyAuthentication, HasAPIKey
from notifications.api.pagination import InAppPagination
from notifications.api.serializers import (
    DeliveryLogSerializer,
    InAppNotificationSerializer,
    InAppUpdateSerializer,
    MarkedSerializer,
    PreferencesChangeSerializer,
    PreferencesInputSerializer,
    PreferencesSerializer,
    QueuedSerializer,
    SendInputSerializer,
    UnreadCountSerializer,
)
from notifications.models import DeliveryLog, InAppNotification
from notifications.selectors import delivery_history, inapp_list_for, inapp_unread_count, preferences_effective
from notifications.services import PreferenceChange, inapp_mark_all_read, inapp_mark_read, preferences_set
from templating.catalogue import MANDATORY_TYPES
from tts_common import filters as tts_filters
from tts_common import messages
from tts_common.permissions import IsTTSAdmin


class SendNotificationView(APIView):
    """Queue a mail to ``user_email`` rendered from the ``notification_type`` template with ``context``."""

    authentication_classes = [APIKeyAuthentication]
    permission_classes = [HasAPIKey]

    @extend_schema(request=SendInputSerializer, responses={202: QueuedSerializer})
    def post(self, request):
        data = SendInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        email = {"to": values["user_email"], "template": values["notification_type"], "context": values["context"]}
        if values.get("user_id"):
            email["user_id"] = values["user_id"]
        queued = messages.SEND_EMAIL.enqueue(**email)
        return Response({"status": "queued", "message_id": str(queued.message_id)}, status=status.HTTP_202_ACCEPTED)


class DeliveryFilter(tts_filters.FilterSet):
    since = tts_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    until = tts_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    recipient = filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = DeliveryLog
        fields = ["channel", "status", "notification_type", "user_id", "recipient", "message_id"]


class DeliveryHistoryViewSet(viewsets.ReadOnlyModelViewSet):
    """Every delivery (email and in-app), newest first; administrators only."""

    queryset = delivery_history()
    serializer_class = DeliveryLogSerializer
    permission_classes = [IsTTSAdmin]
    filterset_class = DeliveryFilter
    ordering_fields = ["created_at", "updated_at", "attempts", "id"]


class InAppFilter(tts_filters.FilterSet):
    class Meta:
        model = InAppNotification
        fields = ["is_read", "notification_type", "related_ticket_number", "related_task_id"]


class InAppNotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own in-app notifications; anyone else's is a 404."""

    serializer_class = InAppNotificationSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = InAppFilter
    pagination_class = InAppPagination
    ordering_fields = ["created_at", "id"]
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self):
        return inapp_list_for(user_id=self.request.user.id)

    def list(self, request, *args, **kwargs):
        """Newest first; ``?is_read=false`` for the unread ones. ``unread`` counts the caller's unread notifications."""
        return super().list(request, *args, **kwargs)

    @extend_schema(request=InAppUpdateSerializer, responses=InAppNotificationSerializer)
    def partial_update(self, request, *args, **kwargs):
        """``{"is_read": true}`` (or false)."""
        notification = self.get_object()
        data = InAppUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        inapp_mark_read(notification=notification, is_read=data.validated_data["is_read"])
        return Response(InAppNotificationSerializer(notification).data)

    @extend_schema(request=None, responses=MarkedSerializer)
    @action(detail=False, methods=["post"], url_path="mark-all-read")
    def mark_all_read(self, request):
        return Response({"marked": inapp_mark_all_read(user_id=request.user.id)})

    @extend_schema(responses=UnreadCountSerializer)
    @action(detail=False, methods=["get"], url_path="unread-count", filterset_class=None, pagination_class=None)
    def unread_count(self, request):
        return Response({"unread": inapp_unread_count(user_id=request.user.id)})


class PreferencesView(APIView):
    """The caller's own preferences: every type and channel, and whether it is on (absent a choice: on)."""

    permission_classes = [IsAuthenticated]

    def _answer(self, request):
        return Response({"preferences": preferences_effective(user_id=request.user.id), "always_sent": sorted(MANDATORY_TYPES)})

    @extend_schema(responses=PreferencesSerializer)
    def get(self, request):
        return self._answer(request)

    def _write(self, request, *, replace: bool):
        data = (PreferencesInputSerializer if replace else PreferencesChangeSerializer)(data=request.data)
        data.is_valid(raise_exception=True)
        preferences_set(
            user_id=request.user.id,
            user_email=getattr(request.user, "email", ""),
            changes=[
                PreferenceChange(**{k: item[k] for k in ("notification_type", "channel", "enabled")})
                for item in data.validated_data["preferences"]
            ],
            replace=replace,
        )
        return self._answer(request)

    @extend_schema(request=PreferencesInputSerializer, responses=PreferencesSerializer)
    def put(self, request):
        """Replace every choice: those not listed return to their default (on)."""
        return self._write(request, replace=True)

    @extend_schema(request=PreferencesChangeSerializer, responses=PreferencesSerializer)
    def patch(self, request):
        """Change only the listed choices."""
        return self._write(request, replace=False)
