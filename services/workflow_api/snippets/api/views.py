from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audit.services import Actor
from snippets.api.serializers import (
    PlaceholderSerializer,
    RenderedSnippetSerializer,
    RenderQuerySerializer,
    SnippetSerializer,
    SnippetWriteSerializer,
)
from snippets.models import Snippet
from snippets.placeholders import PLACEHOLDERS
from snippets.selectors import snippets_for
from snippets.services import snippet_create, snippet_delete, snippet_render, snippet_update
from tasks.selectors import task_list_for
from tts_common import filters as tts_filters
from tts_common.errors import NotFound
from tts_common.schema import problem_response

NOT_THE_OWNER = problem_response("Not the snippet's writer (`permission_denied`), or a non-administrator set `is_shared`.")


class SnippetFilter(tts_filters.FilterSet):
    search = filters.CharFilter(method="filter_search", max_length=100, help_text="Part of the title or the shortcut.")

    class Meta:
        model = Snippet
        fields = ["is_shared", "shortcut"]

    def filter_search(self, queryset, name, value):
        value = value.strip().removeprefix("/")
        return queryset.filter(title__icontains=value) | queryset.filter(shortcut__icontains=value)


@extend_schema_view(
    create=extend_schema(request=SnippetWriteSerializer, responses={201: SnippetSerializer, 403: NOT_THE_OWNER}),
    update=extend_schema(request=SnippetWriteSerializer, responses={200: SnippetSerializer, 403: NOT_THE_OWNER}),
    partial_update=extend_schema(request=SnippetWriteSerializer, responses={200: SnippetSerializer, 403: NOT_THE_OWNER}),
    destroy=extend_schema(responses={204: None, 403: NOT_THE_OWNER}),
)
class SnippetViewSet(viewsets.ModelViewSet):
    """Canned replies: the caller's own snippets and every shared one; ``render`` fills one in for a task."""

    serializer_class = SnippetSerializer
    filterset_class = SnippetFilter
    ordering_fields = ["shortcut", "title", "id"]
    ordering = ["shortcut", "id"]

    def get_queryset(self):
        return snippets_for(user_id=self.request.user.id)

    def create(self, request, *args, **kwargs):
        snippet = snippet_create(actor=Actor.from_request(request), **self._validated(partial=False))
        return Response(self.get_serializer(snippet).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        snippet = snippet_update(actor=Actor.from_request(request), snippet=self.get_object(), **self._validated(partial=partial))
        return Response(self.get_serializer(snippet).data)

    def destroy(self, request, *args, **kwargs):
        snippet_delete(actor=Actor.from_request(request), snippet=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _validated(self, *, partial: bool) -> dict:
        serializer = SnippetWriteSerializer(data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @extend_schema(parameters=[RenderQuerySerializer], responses={200: RenderedSnippetSerializer, 404: problem_response("No such task.")})
    @action(detail=True, methods=["get"])
    def render(self, request, pk=None):
        """The snippet with ``?task=``'s fields filled in (plain text); 404 for a task the caller may not open."""
        snippet = self.get_object()
        query = RenderQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        task = task_list_for(Actor.from_request(request)).filter(pk=query.validated_data["task"]).first()
        if task is None:
            raise NotFound(f"No task {query.validated_data['task']} that you may open.")
        return Response(snippet_render(snippet=snippet, task=task, agent_name=getattr(request.user, "full_name", "")))

    @extend_schema(responses=PlaceholderSerializer(many=True), filters=False)
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def placeholders(self, request):
        """Every ``{{placeholder}}`` a snippet may use, with what it stands for."""
        return Response([{"name": name, "description": text} for name, text in PLACEHOLDERS.items()])
