from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView

from search.selectors import comment_search, comment_search_hits
from tts_common.permissions import IsTTSMember
from tts_common.search import RankedPage, SearchQuerySerializer


class CommentHitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ticket_id = serializers.CharField(help_text="The ticket number.")
    parent = serializers.IntegerField(allow_null=True, help_text="The top-level comment of a reply; null otherwise.")
    user_id = serializers.IntegerField()
    author_name = serializers.CharField()
    created_at = serializers.DateTimeField()
    rank = serializers.FloatField(help_text="PostgreSQL's ts_rank of the match (higher is better); 0 on SQLite.")
    snippet = serializers.CharField(
        help_text="An excerpt of the text. Plain text (never HTML); each match between U+0002 and U+0003 (tts_common.search)."
    )


class CommentSearchView(GenericAPIView):
    """Live comments whose text matches ``?q=``, on any ticket (messaging's access rule: members read every ticket)."""

    permission_classes = [IsTTSMember]
    serializer_class = CommentHitSerializer
    filter_backends = []

    @extend_schema(parameters=[SearchQuerySerializer], responses=CommentHitSerializer(many=True))
    def get(self, request):
        """Ranked by relevance, then newest. Paginated."""
        query = SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        text = query.validated_data["q"]
        size, number = self.paginator.get_page_size(request), self.paginator.get_page_number(request, None)
        page = self.paginate_queryset(RankedPage(comment_search(text=text), offset=(number - 1) * size, limit=size))
        return self.get_paginated_response(CommentHitSerializer(comment_search_hits(matches=page, text=text), many=True).data)
