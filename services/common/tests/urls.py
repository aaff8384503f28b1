import django_filters
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from tts_common import errors, filters, parsers
from tts_common.outbox.models import OutboxMessage
from tts_common.permissions import IsTTSAdmin
from tts_common.urls import common_urlpatterns


@api_view(["GET"])
@permission_classes([IsAuthenticated])
def whoami(request):
    user = request.user
    return Response({"user_id": user.id, "email": user.email, "full_name": user.full_name, "roles": user.roles})


@api_view(["GET"])
@permission_classes([IsTTSAdmin])
def admin_only(request):
    return Response({"ok": True})


@api_view(["GET", "POST", "PATCH"])
@permission_classes([AllowAny])
@parser_classes([parsers.JSONParser, parsers.FormParser, parsers.MultiPartParser])
def echo(request):
    """What the parsers made of the body: JSON, form or multipart (files as name and size)."""
    files = {key: [{"name": upload.name, "size": upload.size} for upload in uploads] for key, uploads in request.FILES.lists()}
    data = request.data.dict() if hasattr(request.data, "dict") else request.data
    return Response({"data": data, "files": files, "query": request.query_params.dict()})


@api_view(["POST"])
@permission_classes([AllowAny])
@parser_classes([parsers.JSONParser])
def echo_json(request):
    """JSON only, as workflow_api and notification take bodies."""
    return Response({"data": request.data})


@api_view(["GET"])
@permission_classes([AllowAny])
def explode(request):
    raise RuntimeError("a bug in a DRF view")


def explode_plain(request):
    if request.POST:  # too many fields: Django raises TooManyFieldsSent (a SuspiciousOperation)
        return None
    raise RuntimeError("a bug in a plain Django view")


RAISED = {
    "domain-field": lambda: errors.DomainError("Name is taken.", field="name"),
    "domain-code": lambda: errors.DomainError("Cannot deploy.", code="not_deployable", extra={"problems": ["no steps"]}),
    "not-found": lambda: errors.NotFound("No such workflow."),
    "conflict": lambda: errors.Conflict("Already claimed.", code="already_claimed"),
    "forbidden": lambda: errors.Forbidden("Only the owner may do this."),
    "django-dict": lambda: DjangoValidationError({"email": ["Enter a valid email address."], "__all__": ["Both at once."]}),
    "django-list": lambda: DjangoValidationError("Not now."),
    "nested": lambda: exceptions.ValidationError({"steps": [{}, {"name": ["This field is required."]}]}),
    "throttled": lambda: exceptions.Throttled(wait=7),
    "simplejwt-dict": lambda: exceptions.AuthenticationFailed({"detail": "Token is invalid", "code": "token_not_valid", "messages": []}),
}


@api_view(["GET"])
@permission_classes([AllowAny])
def raise_error(request, kind):
    raise RAISED[kind]()


def raise_error_plain(request, kind):
    raise RAISED[kind]()


def refuse_plain(request, kind):
    """Django's own exceptions, outside DRF."""
    raise {"404": Http404, "403": PermissionDenied}[kind]("no")


class OutboxFilter(filters.FilterSet):
    since = filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    parked = django_filters.BooleanFilter(field_name="parked_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = OutboxMessage
        fields = {"published_at": ["lt"], "attempts": ["exact"], "task_name": ["exact"]}


class OutboxSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutboxMessage
        fields = ["id", "created_at"]


class OutboxList(generics.ListAPIView):
    permission_classes = [AllowAny]
    queryset = OutboxMessage.objects.all()
    serializer_class = OutboxSerializer
    filterset_class = OutboxFilter
    ordering_fields = ["id", "created_at"]


class Line(serializers.Serializer):
    sku = serializers.CharField(max_length=20)


class Basket(serializers.Serializer):
    """Nested lists with and without bounds: the schema declares what DRF enforces (tts_common.schema.BoundedListSchema)."""

    lines = Line(many=True, max_length=3, min_length=2)
    gifts = Line(many=True, required=False, allow_empty=False)
    notes = Line(many=True, required=False)
    history = Line(many=True, read_only=True)


@extend_schema(request=Basket, responses=Basket)
@api_view(["POST"])
@permission_classes([AllowAny])
@parser_classes([parsers.JSONParser])
def basket(request):
    serializer = Basket(data=request.data)
    serializer.is_valid(raise_exception=True)
    return Response({**serializer.validated_data, "history": []})


urlpatterns = [
    *common_urlpatterns(),
    path("whoami/", whoami),
    path("admin-only/", admin_only),
    path("echo/", echo),
    path("echo-json/", echo_json),
    path("explode/", explode),
    path("explode-plain/", explode_plain),
    path("outbox/", OutboxList.as_view()),
    path("basket/", basket),
    path("items/<str:name>/", echo),
    path("raise/<str:kind>/", raise_error),
    path("raise-plain/<str:kind>/", raise_error_plain),
    path("refuse-plain/<str:kind>/", refuse_plain),
]

handler400 = "tts_common.errors.bad_request"
handler403 = "tts_common.errors.permission_denied"
handler404 = "tts_common.errors.page_not_found"
handler500 = "tts_common.errors.server_error"
