from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.generics import GenericAPIView

from audit.services import Actor
from requesters.api.serializers import RequesterSerializer, RequesterTicketSerializer
from requesters.selectors import open_count, requester_other_tasks, task_requester
from tasks.selectors import task_list_for

PAGE = inline_serializer(
    "RequesterTicketsPage",
    {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "open_count": serializers.IntegerField(help_text="How many of the requester's other tickets are open."),
        "requester": RequesterSerializer(),
        "results": RequesterTicketSerializer(many=True),
    },
)


class RequesterTicketsView(GenericAPIView):
    """The requester's other tickets: ``GET /tasks/{id}/requester-tickets/``, newest first, paginated."""

    serializer_class = RequesterTicketSerializer
    filter_backends: list = []

    def get_queryset(self):
        return task_list_for(Actor.from_request(self.request))

    @extend_schema(responses={200: PAGE, 404: OpenApiResponse(description="No task the caller may open.")})
    def get(self, request, pk: int):
        actor = Actor.from_request(request)
        task = self.get_object()  # 404 for a task the caller may not open, as GET /tasks/{id}/
        others = requester_other_tasks(task=task, actor=actor)
        page = self.paginate_queryset(others)
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        requester = task_requester(task)
        extra = {"open_count": open_count(others), "requester": RequesterSerializer(requester).data}
        response.data = {**{k: response.data[k] for k in ("count", "next", "previous")}, **extra, "results": response.data["results"]}
        return response
