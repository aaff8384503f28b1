from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from templating.api.serializers import NotificationTemplateSerializer, TemplatePreviewInputSerializer, TemplatePreviewSerializer
from templating.models import NotificationTemplate
from templating.selectors import template_list
from templating.services import template_preview
from tts_common import filters as tts_filters
from tts_common.permissions import IsTTSAdmin


class NotificationTemplateFilter(tts_filters.FilterSet):
    class Meta:
        model = NotificationTemplate
        fields = ["notification_type", "channel", "is_active"]


class NotificationTemplateViewSet(viewsets.ModelViewSet):
    """Notification templates (Django template language), administrators only."""

    queryset = template_list()
    serializer_class = NotificationTemplateSerializer
    permission_classes = [IsTTSAdmin]
    filterset_class = NotificationTemplateFilter
    ordering_fields = ["notification_type", "channel", "updated_at"]

    @extend_schema(request=TemplatePreviewInputSerializer, responses=TemplatePreviewSerializer)
    @action(detail=True, methods=["post"])
    def preview(self, request, pk=None):
        """Render the template with ``context`` (as it is saved, active or not)."""
        template = self.get_object()
        data = TemplatePreviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rendered = template_preview(template=template, context=data.validated_data["context"])
        return Response({"subject": rendered.subject, "body": rendered.body})
