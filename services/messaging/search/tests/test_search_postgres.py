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
