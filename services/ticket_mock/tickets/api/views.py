from django import forms
from django.http import FileResponse, Http404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from tickets.api.serializers import TicketDetailSerializer, TicketInputSerializer, TicketSerializer
from tickets.models import Priority, Ticket, TicketAttachment
from tickets.selectors import ticket_detail_queryset, ticket_list
from tickets.services import ticket_create
from tts_common import filters as tts_filters
from tts_common.parsers import FormParser, JSONParser, MultiPartParser


class PriorityChoiceField(forms.ChoiceField):
    def to_python(self, value):
        return Priority.canonical(super().to_python(value))


class PriorityFilter(filters.ChoiceFilter):
    """One of Low, Medium, High, Critical in any letter case (as a new ticket takes it); any other value is a 400."""

    field_class = PriorityChoiceField

    def __init__(self, **kwargs):
        super().__init__(choices=Priority.choices, **kwargs)


class TicketFilter(tts_filters.FilterSet):
    status = filters.CharFilter(lookup_expr="iexact")
    priority = PriorityFilter()
    category = filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = Ticket
        fields = ["status", "priority", "category"]


class TicketViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Tickets of the mock help desk, newest first; any signed-in caller."""

    serializer_class = TicketSerializer
    filterset_class = TicketFilter
    ordering_fields = ["submit_date", "id"]
    lookup_field = "ticket_number"
    lookup_value_regex = "[^/]+"
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return ticket_detail_queryset() if self.action == "retrieve" else ticket_list()

    def filter_queryset(self, queryset):
        # List filters narrow lists; a ticket named by its number is found regardless.
        return queryset if self.action == "retrieve" else super().filter_queryset(queryset)

    def get_serializer_class(self):
        if self.action == "create":
            return TicketInputSerializer
        if self.action == "retrieve":
            return TicketDetailSerializer
        return TicketSerializer

    @extend_schema(request=TicketInputSerializer, responses={201: TicketDetailSerializer})
    def create(self, request, *args, **kwargs):
        """Create a ticket (JSON, or multipart with files under ``attachments``) and publish it to workflow_api."""
        serializer = TicketInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ticket = ticket_create(**serializer.validated_data)  # its ValidationError is a 400 naming the field
        return Response(
            TicketDetailSerializer(ticket).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": request.build_absolute_uri(f"{ticket.ticket_number}/")},
        )


@extend_schema(
    responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    description="An attachment's file (its ``file_path``), for signed-in callers: the bytes as uploaded, always served "
    "as ``application/octet-stream`` for download (the uploader's type is the ticket's ``file_type``, and is not trusted).",
)
@api_view(["GET"])
def attachment_file(request, name: str):
    attachment = TicketAttachment.objects.filter(file=f"ticket_attachments/{name}").first()
    if attachment is None or not attachment.file.storage.exists(attachment.file.name):
        raise Http404("No such attachment.")
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.file_name, content_type="application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
