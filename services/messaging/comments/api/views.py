from django.conf import settings
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from comments.api.serializers import (
    AttachmentUploadSerializer,
    CommentCreateMultipartSerializer,
    CommentCreateSerializer,
    CommentSerializer,
    CommentUpdateSerializer,
    RatingSerializer,
    ThreadQuerySerializer,
    ThreadSerializer,
)
from comments.selectors import attachment_for_download, comment_detail_queryset, ticket_threads
from comments.services import (
    Author,
    comment_attach,
    comment_create,
    comment_delete,
    comment_rate,
    comment_update,
)
from tts_common import parsers as tts_parsers
from tts_common.permissions import IsTTSMember


class CommentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Comments on tickets. Any TTS member reads and writes on any ticket; only the author edits
    (and attaches files); the author or an administrator deletes."""

    permission_classes = [IsTTSMember]
    serializer_class = ThreadSerializer
    filter_backends = []
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if self.action == "list":
            query = ThreadQuerySerializer(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            return ticket_threads(ticket_id=query.validated_data["ticket_id"])
        return comment_detail_queryset()

    def get_serializer_class(self):
        return ThreadSerializer if self.action in ("list", "retrieve") else CommentSerializer

    @extend_schema(parameters=[ThreadQuerySerializer])
    def list(self, request, *args, **kwargs):
        """The ticket's top-level comments, oldest first, each with its replies."""
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request={"application/json": CommentCreateSerializer, "multipart/form-data": CommentCreateMultipartSerializer},
        responses={201: CommentSerializer},
    )
    def create(self, request, *args, **kwargs):
        """A comment; with ``parent`` a reply (a reply to a reply joins the top-level thread). Sent as multipart it may
        carry files (field ``file``, repeatable), attached in the same transaction."""
        data = CommentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        comment = comment_create(
            ticket_id=values["ticket_id"],
            author=Author.from_user(request.user),
            content=values["content"],
            parent_id=values.get("parent"),
            files=request.FILES.getlist("file"),
        )
        comment = comment_detail_queryset().get(pk=comment.pk)
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CommentUpdateSerializer, responses=CommentSerializer)
    def partial_update(self, request, *args, **kwargs):
        """New text, by the author; the comment is marked edited."""
        data = CommentUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = comment_update(comment_id=kwargs["pk"], author=Author.from_user(request.user), content=data.validated_data["content"])
        return Response(CommentSerializer(comment).data)

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            raise exceptions.MethodNotAllowed(request.method)
        return self.partial_update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        """Soft delete, by the author or an administrator."""
        comment_delete(comment_id=kwargs["pk"], author=Author.from_user(request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=RatingSerializer, responses=CommentSerializer)
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        """Thumbs up (``true``) or down (``false``), or ``null`` to take it back; one per person, changeable; never the
        author's own comment (403)."""
        data = RatingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = comment_rate(comment_id=pk, author=Author.from_user(request.user), rating=data.validated_data["rating"])
        return Response(CommentSerializer(comment_detail_queryset().get(pk=comment.pk)).data)

    @extend_schema(request={"multipart/form-data": AttachmentUploadSerializer}, responses={201: CommentSerializer})
    @action(detail=True, methods=["post"], parser_classes=[tts_parsers.MultiPartParser, tts_parsers.FormParser])
    def attachments(self, request, pk=None):
        """Attach files (multipart field ``file``, repeatable) to the caller's own comment."""
        comment = comment_attach(comment_id=pk, author=Author.from_user(request.user), files=request.FILES.getlist("file"))
        comment = comment_detail_queryset().get(pk=comment.pk)
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class AttachmentDownloadView(APIView):
    """The file, for signed-in TTS members only."""

    permission_classes = [IsTTSMember]

    @extend_schema(
        responses={(200, content_type): OpenApiTypes.BINARY for content_type in settings.MESSAGING_ATTACHMENT_TYPES},
        description="The file as it was uploaded, served with the type detected from its content "
        "(one of MESSAGING_ATTACHMENT_TYPES) as an attachment.",
    )
    def get(self, request, pk: int):
        attachment = attachment_for_download(attachment_id=pk)
        if attachment is None:
            raise Http404
        stored = attachment.stored_file
        response = FileResponse(stored.file.open("rb"), as_attachment=True, filename=attachment.file_name, content_type=stored.content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response
