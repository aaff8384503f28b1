"""GET /search/ for every caller: who finds what, the 400s naming ``q``, highlights, pages, query count.

These run on SQLite (the icontains fallback) in the unit pass and on PostgreSQL (full text) in the real pass;
what they assert holds for both.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake.services import Delivery, tickets_receive
from tasks.models import Task
from tasks.tests.test_tasks_api import take, walk_to_resolve
from tests.factories import client_for, hdts_ticket
from tts_common.search import HIGHLIGHT_START as ON
from tts_common.search import HIGHLIGHT_STOP as OFF

pytestmark = pytest.mark.django_db


def receive(*tickets: dict) -> None:
    tickets_receive(deliveries=[Delivery(ticket) for ticket in tickets])


@pytest.fixture
def task(demo_workflows):
    receive(hdts_ticket("TX20251119000123"))
    return Task.objects.get(ticket_number="TX20251119000123")


def found(client, q: str, **params) -> list[str]:
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200, response.json()
    return [hit["ticket_number"] for hit in response.json()["results"]]


@pytest.mark.parametrize(("caller", "numbers"), [("coordinator", ["TX20251119000123"]), ("admin", ["TX20251119000123"]), ("agent", [])])
def test_only_the_tasks_the_caller_may_see_are_found(callers, task, caller, numbers):
    assert found(callers[caller], "laptop") == numbers


def test_an_agent_never_finds_a_task_they_were_never_assigned(callers, task):
    holder = walk_to_resolve(callers, task.id)
    bystander = callers["other_agent"] if holder is callers["agent"] else callers["agent"]

    assert found(holder, "laptop") == ["TX20251119000123"]
    assert found(bystander, "laptop") == []
    assert found(bystander, "TX2025") == []


def test_an_agent_who_once_held_the_task_still_finds_it(callers, task):
    holder = walk_to_resolve(callers, task.id)
    assert take(holder, task.id, "approve").status_code == 200

    assert found(holder, "laptop") == ["TX20251119000123"]


@pytest.mark.parametrize(
    "q",
    [
        *("laptop", "LAPTOP does", "screen", "Lovelace", "ada@example.com", "Hardware", "IT Support"),
        *("tx20251119", "TX20251119000123", "ada screen"),
    ],
)
def test_the_ticket_number_subject_description_requester_and_category_are_searched(callers, task, q):
    assert found(callers["admin"], q) == ["TX20251119000123"]


@pytest.mark.parametrize("q", ["printer", "Babbage", "TX2024", "laptop printer"])
def test_what_the_ticket_does_not_say_is_not_found(callers, task, q):
    assert found(callers["admin"], q) == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "This field is required."),
        ({"q": ""}, "This field may not be blank."),
        ({"q": "   "}, "This field may not be blank."),
        ({"q": "x" * 201}, "Ensure this field has no more than 200 characters."),
    ],
)
def test_a_missing_blank_or_long_q_is_a_400_naming_it(callers, params, message):
    response = callers["admin"].get("/search/", params)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == {"q": [message]}


def test_strangers_are_refused(callers):
    assert callers["anonymous"].get("/search/", {"q": "laptop"}).status_code == 401
    assert client_for(50).get("/search/", {"q": "laptop"}).status_code == 403  # a token without a TTS role


def test_the_matches_are_marked_in_the_headline_and_the_snippet(callers, task):
    hit = callers["admin"].get("/search/", {"q": "laptop screen"}).json()["results"][0]

    assert hit["headline"] == f"{ON}Laptop{OFF} does not boot"
    assert f"{ON}screen{OFF}" in hit["snippet"]
    assert hit["snippet"].replace(ON, "").replace(OFF, "").startswith("Black screen since this morning.")
    assert {"id", "subject", "status", "priority", "current_step_name", "received_at", "rank"} <= hit.keys()
    assert (hit["id"], hit["subject"], hit["current_step_name"]) == (task.id, "Laptop does not boot", "Triage")


def test_stored_text_cannot_fake_a_highlight(callers, demo_workflows):
    receive(hdts_ticket("T-9", subject=f"Mouse {ON}broken{OFF} again"))

    hit = callers["admin"].get("/search/", {"q": "mouse"}).json()["results"][0]

    assert hit["headline"] == f"{ON}Mouse{OFF} broken again"


def test_a_ticket_number_prefix_comes_first_and_results_are_paginated(callers, demo_workflows):
    receive(
        hdts_ticket("T-1", subject="Printer jammed", description="Paper stuck in tray"),
        hdts_ticket("T-2", subject="Printer offline", description="Cannot reach printer"),
        hdts_ticket("T-3", subject="Projector", description="No signal; printer next door works"),
    )

    first = callers["admin"].get("/search/", {"q": "printer", "page_size": 2}).json()
    second = callers["admin"].get("/search/", {"q": "printer", "page_size": 2, "page": 2}).json()

    assert first["count"] == 3 and first["next"] and second["next"] is None
    assert len(first["results"]) + len(second["results"]) == 3
    assert found(callers["admin"], "t-3") == ["T-3"]


def test_the_query_count_does_not_grow_with_the_page(callers, demo_workflows):
    receive(hdts_ticket("T-1", subject="Printer jammed"))
    with CaptureQueriesContext(connection) as one:
        assert found(callers["admin"], "printer") == ["T-1"]
    receive(*(hdts_ticket(f"T-{n}", subject="Printer jammed") for n in range(2, 8)))
    with CaptureQueriesContext(connection) as seven:
        assert len(found(callers["admin"], "printer")) == 7

    assert len(seven.captured_queries) == len(one.captured_queries)


def test_a_page_past_the_last_is_a_404_and_a_bad_page_a_400(callers, task):
    assert callers["admin"].get("/search/", {"q": "laptop", "page": 2}).status_code == 404
    assert callers["admin"].get("/search/", {"q": "nothing-matches", "page": 2}).status_code == 404
    response = callers["admin"].get("/search/", {"q": "laptop", "page": "x"})
    assert response.status_code == 400 and "page" in response.json()["errors"]
    response = callers["admin"].get("/search/", {"q": "laptop", "page_size": 201})
    assert response.status_code == 400 and "page_size" in response.json()["errors"]
