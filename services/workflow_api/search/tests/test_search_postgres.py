"""PostgreSQL full text: stemming, web-search syntax, ranking by weight, the generated column and its GIN index."""

import pytest
from django.db import connection

from intake.services import Delivery, tickets_receive
from tests.factories import hdts_ticket
from tts_common.search import HIGHLIGHT_START as ON
from tts_common.search import HIGHLIGHT_STOP as OFF

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def tickets(postgres_database, demo_workflows):
    tickets_receive(
        deliveries=[
            Delivery(hdts_ticket("T-1", subject="Printers on floor 3 offline", description="Since Monday.", category="IT Support")),
            Delivery(hdts_ticket("T-2", subject="Access card", description="The printer by the door is broken too.")),
            Delivery(hdts_ticket("T-3", subject="Toner empty", description="The printer needs toner; black screen on it.")),
        ]
    )


def numbers(callers, q: str) -> list[str]:
    response = callers["admin"].get("/search/", {"q": q})
    assert response.status_code == 200, response.json()
    return [hit["ticket_number"] for hit in response.json()["results"]]


def test_a_subject_match_outranks_a_description_match_and_words_are_stemmed(callers, tickets):
    hits = callers["admin"].get("/search/", {"q": "printer"}).json()["results"]

    assert hits[0]["ticket_number"] == "T-1"  # "Printers" in the subject (weight A) finds "printer"
    assert {hit["ticket_number"] for hit in hits} == {"T-1", "T-2", "T-3"}
    assert hits[0]["rank"] > hits[1]["rank"] > 0
    assert hits[0]["headline"] == f"{ON}Printers{OFF} on floor 3 offline"


@pytest.mark.parametrize(
    ("q", "expected"),
    [("printer -toner", ["T-1", "T-2"]), ('"black screen"', ["T-3"]), ('"screen black"', []), ("access or toner", ["T-2", "T-3"])],
)
def test_web_search_syntax(callers, tickets, q, expected):
    assert sorted(numbers(callers, q)) == expected


def test_the_snippet_marks_the_match_in_the_description(callers, tickets):
    hit = callers["admin"].get("/search/", {"q": "broken"}).json()["results"][0]

    assert hit["ticket_number"] == "T-2"
    assert f"{ON}broken{OFF}" in hit["snippet"] and "<" not in hit["snippet"]


def test_the_document_is_generated_by_the_database_and_kept_current(tickets):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE tasks_task SET subject = 'Keyboard sticky' WHERE ticket_number = 'T-1'")
        cursor.execute("SELECT search_vector @@ websearch_to_tsquery('english', 'keyboards') FROM tasks_task WHERE ticket_number = 'T-1'")
        assert cursor.fetchone() == (True,)
        cursor.execute("SELECT attgenerated FROM pg_attribute WHERE attrelid = 'tasks_task'::regclass AND attname = 'search_vector'")
        assert cursor.fetchone() == ("s",)


def test_the_search_can_use_the_gin_index(tickets):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM tasks_task WHERE search_vector @@ websearch_to_tsquery('english', 'printer')")
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "task_search_vector_idx" in plan


def test_a_common_word_finds_an_administrator_its_newest_matches_only(callers, tickets, monkeypatch):
    monkeypatch.setattr("tts_common.search.COMMON_WORD_MATCHES", 2)

    body = callers["admin"].get("/search/", {"q": "printer"}).json()
    everyone = callers["coordinator"].get("/search/", {"q": "printer"}).json()  # the coordinator holds all three

    assert body["count"] == 2 and {hit["ticket_number"] for hit in body["results"]} == {"T-2", "T-3"}
    assert everyone["count"] == 3


def test_a_word_rare_among_the_newest_tasks_finds_every_match(callers, tickets, monkeypatch):
    monkeypatch.setattr("tts_common.search.COMMON_WORD_MATCHES", 2)
    monkeypatch.setattr("tts_common.search.RECENT_ROWS", 1)

    assert callers["admin"].get("/search/", {"q": "printer"}).json()["count"] == 3
