from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView

from audit.services import Actor
from search.selectors import task_search, task_search_hits
from tasks.models import Task
from tts_common.search import RankedPage, SearchQuerySerializer

MARKERS_HELP = "Plain text (never HTML); each match between U+0002 and U+0003 (tts_common.search)."


class TaskHitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ticket_number = serializers.CharField()
    subject = serializers.CharField()
    status = serializers.ChoiceField(choices=Task.Status.choices)
    priority = serializers.CharField()
    current_step_name = serializers.CharField(help_text="The step the task is at; blank when unmatched or completed.")
    received_at = serializers.DateTimeField()
    rank = serializers.FloatField(help_text="PostgreSQL's ts_rank of the match (higher is better); 0 on SQLite.")
    headline = serializers.CharField(help_text=f"The whole subject. {MARKERS_HELP}")
    snippet = serializers.CharField(help_text=f"An excerpt of the description, requester and category. {MARKERS_HELP}")


class TaskSearchView(GenericAPIView):
    """Tasks whose ticket matches ``?q=``, among those the caller may see (as ``GET /tasks/``)."""

    serializer_class = TaskHitSerializer
    filter_backends = []

    @extend_schema(parameters=[SearchQuerySerializer], responses=TaskHitSerializer(many=True))
    def get(self, request):
        """Ranked: a ticket number starting with `q` first, then by relevance, then newest. Paginated."""
        query = SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        text = query.validated_data["q"]
        size, number = self.paginator.get_page_size(request), self.paginator.get_page_number(request, None)
        found = RankedPage(task_search(actor=Actor.from_request(request), text=text), offset=(number - 1) * size, limit=size)
        page = self.paginate_queryset(found)
        return self.get_paginated_response(TaskHitSerializer(task_search_hits(matches=page, text=text), many=True).data)
