"""Full-text search, the same way in every service that indexes its own text (docs/api.md, "Search").

On PostgreSQL a service keeps a stored, database-generated ``tsvector`` column
with a GIN index and queries it with :func:`websearch_query` (the syntax people
type into search boxes: ``printer -toner "black screen" or laptop``), ranks
with ``SearchRank`` and marks the matches with ``SearchHeadline`` using
:data:`HEADLINE_OPTIONS`. On SQLite (the unit pass, ``make run``'s embedded
default) it falls back to ``icontains`` over the same text, one condition per
word (:func:`search_terms`), and marks the matches in Python with
:func:`highlight`.

A snippet is plain text, never HTML: each match sits between
:data:`HIGHLIGHT_START` (U+0002) and :data:`HIGHLIGHT_STOP` (U+0003). A client
escapes the text and turns the markers into ``<mark>`` elements.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db.models.expressions import Col, Expression
from rest_framework import serializers

HIGHLIGHT_START = "\u0002"
HIGHLIGHT_STOP = "\u0003"
MAX_QUERY_LENGTH = 200
# The dictionary both the stored vectors and the queries use: English stemming ("printers" finds "printer").
SEARCH_CONFIG = "english"
SNIPPET_WORDS = (8, 30)  # ts_headline's MinWords, MaxWords
HEADLINE_OPTIONS = {
    "config": SEARCH_CONFIG,
    "start_sel": HIGHLIGHT_START,
    "stop_sel": HIGHLIGHT_STOP,
    "min_words": SNIPPET_WORDS[0],
    "max_words": SNIPPET_WORDS[1],
    "max_fragments": 2,
    "fragment_delimiter": " … ",
}
FALLBACK_SNIPPET_CHARS = 160
_MARKERS = re.compile(f"[{HIGHLIGHT_START}{HIGHLIGHT_STOP}]")
# websearch syntax the fallback ignores: quotes, a leading minus (exclusion), the word "or".
_WORD = re.compile(r"[^\s\"]+")


class SearchQuerySerializer(serializers.Serializer):
    """``?q=``: 1 to 200 characters once trimmed; missing, blank or longer is a 400 naming ``q``."""

    q = serializers.CharField(
        max_length=MAX_QUERY_LENGTH,
        trim_whitespace=True,
        help_text='Words to find, web-search syntax on PostgreSQL: `"a phrase"`, `-excluded`, `this or that`. 1 to 200 characters.',
    )


class StoredVector(Expression):
    """A model's ``search_vector`` column, which a migration adds outside the model (a database-generated
    ``tsvector``): resolves to a column of the query's own table, under whatever alias that table has (in a
    subquery too)."""

    def __init__(self, model):
        super().__init__(output_field=SearchVectorField())
        self.model = model

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        field = SearchVectorField()
        field.set_attributes_from_name("search_vector")
        field.model = self.model
        return Col(query.get_initial_alias(), field, output_field=field)


# A word found in this many of the newest RECENT_ROWS rows is common: the search ranks those newest matches only.
COMMON_WORD_MATCHES = 1000
RECENT_ROWS = 20_000
_NEWEST_MATCHES_SQL = """
    SELECT id FROM (
        SELECT id, {order_columns}, search_vector FROM {table} {where} ORDER BY {order} LIMIT %s
    ) AS recent
    WHERE search_vector @@ websearch_to_tsquery(%s, %s)
    ORDER BY {order} LIMIT %s
"""


def common_word_matches(*, model, order: tuple[str, ...], text: str, where: str = "") -> list[int] | None:
    """For a common word, the ids of its newest ``COMMON_WORD_MATCHES`` (1,000) matches, newest first; None
    for a word that is not common, which the caller then ranks over every match (PostgreSQL only).

    A word is common when that many of the newest ``RECENT_ROWS`` (20,000) rows (by ``order``, column names
    with ``-`` for descending, which an index must serve; ``where``: a fixed SQL condition such as
    ``NOT is_deleted``) match. The newest rows are read in order and the read stops there (the subquery's
    LIMIT keeps the planner on the ordering index), so this costs at most ``RECENT_ROWS`` rows whatever the
    word, where ranking every match of a word in every tenth row would read a tenth of the table.
    """
    from django.db import connection

    columns = [column.lstrip("-") for column in order]
    sql = _NEWEST_MATCHES_SQL.format(
        table=connection.ops.quote_name(model._meta.db_table),
        order_columns=", ".join(connection.ops.quote_name(column) for column in columns if column != "id"),
        where=f"WHERE {where}" if where else "",
        order=", ".join(f"{connection.ops.quote_name(c.lstrip('-'))} {'DESC' if c.startswith('-') else 'ASC'}" for c in order),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [RECENT_ROWS, SEARCH_CONFIG, text, COMMON_WORD_MATCHES])
        ids = [row[0] for row in cursor.fetchall()]
    return ids if len(ids) >= COMMON_WORD_MATCHES else None


def websearch_query(text: str) -> SearchQuery:
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")


def search_terms(text: str) -> list[str]:
    """The words the SQLite fallback looks for, each at least once (case-insensitive): the query's words
    without web-search operators (``-word`` excludes nothing there; ``or`` is dropped), deduplicated, in order."""
    terms: list[str] = []
    for word in _WORD.findall(text):
        word = word.lstrip("-")
        if word and word.lower() != "or" and word.lower() not in (t.lower() for t in terms):
            terms.append(word)
    return terms


def strip_markers(text: str) -> str:
    """The text without highlight markers: stored text is never allowed to fake a highlight."""
    return _MARKERS.sub("", text)


def highlight(text: str, terms: list[str], *, max_chars: int = FALLBACK_SNIPPET_CHARS) -> str:
    """A snippet of ``text`` of at most about ``max_chars`` characters around the first match of any of ``terms``
    (case-insensitive), every match in it between the markers; "" when nothing matches. ``…`` marks a cut."""
    text = strip_markers(text)
    words = [term for term in terms if term]
    if not text or not words:
        return ""
    pattern = re.compile("|".join(re.escape(term) for term in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    first = pattern.search(text)
    if first is None:
        return ""
    start = max(0, first.start() - max_chars // 4)
    end = min(len(text), start + max_chars)
    window = text[start:end]
    marked = pattern.sub(lambda match: f"{HIGHLIGHT_START}{match.group(0)}{HIGHLIGHT_STOP}", window)
    return ("…" if start > 0 else "") + marked + ("…" if end < len(text) else "")


class RankedPage:
    """One page of an ordered queryset's ``(pk, rank)`` pairs and the count of all its rows, read together.

    Django's Paginator asks for ``count()`` and then for the page's slice; answering both from one query
    (``COUNT(*) OVER ()`` beside the page's keys) reads the matches once instead of twice, and keeps the
    rows that query sorts narrow (keys and ranks, not whole rows). ``offset`` and ``limit`` are the page the
    paginator will ask for (the view reads them from the request first). Past the last page the count comes
    from a plain ``count()``, so the paginator's 404 still holds.
    """

    def __init__(self, queryset, *, offset: int, limit: int):
        self.queryset = queryset
        self.offset = offset
        self.limit = limit
        self._rows: list[tuple] | None = None
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            from django.db.models import Count, Window

            rows = list(
                self.queryset.annotate(search_total=Window(Count("pk"))).values_list("pk", "rank", "search_total")[
                    self.offset : self.offset + self.limit
                ]
            )
            self._rows = [(pk, rank) for pk, rank, _ in rows]
            self._count = rows[0][2] if rows else (0 if self.offset == 0 else self.queryset.count())
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        self.count()
        if isinstance(key, slice) and key.start == self.offset:
            return self._rows
        return [(pk, rank) for pk, rank in self.queryset.values_list("pk", "rank")[key]]
