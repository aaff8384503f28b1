from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.response import Response

from audit.services import Actor
from savedviews.api.serializers import SavedViewSerializer, SavedViewWriteSerializer
from savedviews.selectors import caller_role_names, saved_view_count, saved_views_for
from savedviews.services import saved_view_create, saved_view_delete, saved_view_update
from tts_common.schema import problem_response

NOT_THE_OWNER = problem_response("Not the view's owner (`permission_denied`), or a non-administrator set `shared_with_role`.")


@extend_schema_view(
    create=extend_schema(request=SavedViewWriteSerializer, responses={201: SavedViewSerializer, 403: NOT_THE_OWNER}),
    update=extend_schema(request=SavedViewWriteSerializer, responses={200: SavedViewSerializer, 403: NOT_THE_OWNER}),
    partial_update=extend_schema(request=SavedViewWriteSerializer, responses={200: SavedViewSerializer, 403: NOT_THE_OWNER}),
    destroy=extend_schema(responses={204: None, 403: NOT_THE_OWNER}),
)
class SavedViewViewSet(viewsets.ModelViewSet):
    """The caller's saved views and those shared with a role they hold, each with its live ``count``."""

    serializer_class = SavedViewSerializer
    ordering_fields = ["name", "id", "created_at"]
    ordering = ["name", "id"]

    def get_queryset(self):
        user = self.request.user
        return saved_views_for(user_id=user.id, role_names=caller_role_names(user))

    def _body(self, views, *, many=False):
        items = views if many else [views]
        counts = {view.pk: saved_view_count(view=view, request=self.request) for view in items}
        return SavedViewSerializer(views, many=many, context={"request": self.request, "counts": counts}).data

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self._body(page, many=True))

    def retrieve(self, request, *args, **kwargs):
        return Response(self._body(self.get_object()))

    def create(self, request, *args, **kwargs):
        view = saved_view_create(actor=Actor.from_request(request), **self._validated(partial=False))
        return Response(self._body(view), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        view = self.get_object()
        view = saved_view_update(actor=Actor.from_request(request), view=view, **self._validated(partial=partial))
        return Response(self._body(view))

    def destroy(self, request, *args, **kwargs):
        saved_view_delete(actor=Actor.from_request(request), view=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _validated(self, *, partial: bool) -> dict:
        serializer = SavedViewWriteSerializer(data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)
