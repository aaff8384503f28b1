"""Finding comments by their text: full-text on PostgreSQL, ``icontains`` on SQLite (tts_common.search).

Only what the caller may read is found, by messaging's access rule (docs/api.md, messaging): any TTS member
reads the comments of any ticket, so every live comment; a deleted comment (a tombstone without text) never.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import SearchHeadline, SearchRank
from django.db import connection
from django.db.models import F, FloatField, Func, Q, QuerySet, TextField, Value

from comments.models import Comment
from tts_common.search import (
    HEADLINE_OPTIONS,
    HIGHLIGHT_START,
    HIGHLIGHT_STOP,
    StoredVector,
    common_word_matches,
    highlight,
    search_terms,
    websearch_query,
)


@dataclass(frozen=True)
class CommentHit:
    """One comment found: ``snippet`` is plain text with the matches between the highlight markers; ``rank`` is
    PostgreSQL's ``ts_rank`` (0 on SQLite)."""

    id: int
    ticket_id: str
    parent: int | None
    user_id: int
    author_name: str
    created_at: datetime
    rank: float
    snippet: str


def comment_search(*, text: str) -> QuerySet[Comment]:
    """Live comments matching ``text`` (1 to 200 characters, validated by the view), best first, then newest.

    PostgreSQL: a web-search query over the stored document, every match ranked, except for a common word:
    when 1,000 of the newest 20,000 live comments match, those 1,000 newest matches are the result (ranked; the
    count says 1,000; tts_common.search.common_word_matches, read through ``comment_newest_idx``). SQLite:
    every word of ``text`` in the content, any case, every match.
    """
    live = Comment.objects.filter(is_deleted=False)
    if connection.vendor == "postgresql":
        query = websearch_query(text)
        newest = common_word_matches(model=Comment, order=("-created_at", "-id"), text=text, where="NOT is_deleted")
        if newest is not None:
            found = Comment.objects.filter(pk__in=newest)
        else:
            found = live.alias(document=StoredVector(Comment)).filter(document=query)
        found = found.annotate(rank=SearchRank(StoredVector(Comment), query))
    else:
        found = live
        for term in search_terms(text):
            found = found.filter(Q(content__icontains=term))
        found = found.annotate(rank=Value(0.0, output_field=FloatField()))
    return found.order_by("-rank", "-created_at", "-id")


def comment_search_hits(*, matches: list[tuple[int, float]], text: str) -> list[CommentHit]:
    """The comments of ``matches`` (a page of :func:`comment_search` as ``(pk, rank)`` pairs, e.g. from
    tts_common.search.RankedPage) with their highlighted snippets, in the same order; one query, and the
    snippets computed for this page only (``ts_headline`` is slow)."""
    if not matches:
        return []
    rows = Comment.objects.filter(pk__in=[pk for pk, _ in matches]).only(
        "id", "ticket_id", "parent_id", "user_id", "author_name", "created_at", "content"
    )
    if connection.vendor == "postgresql":
        unmarked = Func(F("content"), Value(HIGHLIGHT_START + HIGHLIGHT_STOP), Value(""), function="translate", output_field=TextField())
        rows = rows.defer("content").annotate(snippet=SearchHeadline(unmarked, websearch_query(text), **HEADLINE_OPTIONS))
        comments = {comment.pk: comment for comment in rows}
    else:
        terms = search_terms(text)
        comments = {comment.pk: comment for comment in rows}
        for comment in comments.values():
            comment.snippet = highlight(comment.content, terms)
    return [
        CommentHit(
            id=comment.pk,
            ticket_id=comment.ticket_id,
            parent=comment.parent_id,
            user_id=comment.user_id,
            author_name=comment.author_name,
            created_at=comment.created_at,
            rank=float(rank),
            snippet=comment.snippet or "",
        )
        for pk, rank in matches
        if (comment := comments.get(pk)) is not None
    ]
