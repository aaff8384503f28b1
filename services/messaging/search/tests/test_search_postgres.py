"""PostgreSQL full text over comments: stemming, web-search syntax, ranking, the generated column, the GIN index."""

import pytest
from django.db import connection

from tests.factories import CommentFactory
from tts_common.search import HIGHLIGHT_START as ON
from tts_common.search import HIGHLIGHT_STOP as OFF

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
URL = "/api/v1/search/"


@pytest.fixture
def comments(postgres_database):
    return {
        "printers": CommentFactory(content="Both printers on floor 3 are offline; printer queue stuck, printer restarted."),
        "printer": CommentFactory(content="Asked about the printer."),
        "toner": CommentFactory(content="Printer toner replaced; black screen gone."),
    }


def ids(callers, q):
    return [hit["id"] for hit in callers["author"].get(URL, {"q": q}).json()["results"]]


def test_stemmed_and_ranked_by_how_often_the_word_appears(callers, comments):
    hits = callers["author"].get(URL, {"q": "printers"}).json()["results"]

    assert hits[0]["id"] == comments["printers"].pk
    assert hits[0]["rank"] > hits[-1]["rank"] > 0
    assert f"{ON}printers{OFF}" in hits[0]["snippet"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [("printer -toner", ["printers", "printer"]), ('"black screen"', ["toner"]), ("asked or toner", ["printer", "toner"])],
)
def test_web_search_syntax(callers, comments, q, expected):
    assert sorted(ids(callers, q)) == sorted(comments[name].pk for name in expected)


def test_the_document_follows_an_edit_and_the_gin_index_serves_it(comments):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE comments_comment SET content = 'keyboard sticky' WHERE id = %s", [comments["printer"].pk])
        cursor.execute(
            "SELECT search_vector @@ websearch_to_tsquery('english', 'keyboards') FROM comments_comment WHERE id = %s",
            [comments["printer"].pk],
        )
        assert cursor.fetchone() == (True,)
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM comments_comment WHERE search_vector @@ websearch_to_tsquery('english', 'printer')")
        assert "comment_search_vector_idx" in "\n".join(row[0] for row in cursor.fetchall())


def test_a_common_word_ranks_its_newest_matches_only(callers, postgres_database, monkeypatch):
    monkeypatch.setattr("tts_common.search.COMMON_WORD_MATCHES", 3)
    oldest = CommentFactory(content="printer printer printer printer")  # the most relevant, and the oldest
    newer = [CommentFactory(content=f"printer note {n}") for n in range(4)]

    body = callers["author"].get(URL, {"q": "printer"}).json()

    assert body["count"] == 3
    assert {hit["id"] for hit in body["results"]} == {comment.pk for comment in newer[1:]}
    assert oldest.pk not in {hit["id"] for hit in body["results"]}


def test_a_word_rare_among_the_newest_comments_ranks_every_match(callers, postgres_database, monkeypatch):
    monkeypatch.setattr("tts_common.search.COMMON_WORD_MATCHES", 3)
    monkeypatch.setattr("tts_common.search.RECENT_ROWS", 2)
    old = [CommentFactory(content="printer") for _ in range(4)]
    CommentFactory.create_batch(2, content="something else")

    body = callers["author"].get(URL, {"q": "printer"}).json()

    assert body["count"] == 4 and {hit["id"] for hit in body["results"]} == {comment.pk for comment in old}
