"""GET /api/v1/search/ for every caller: what is found (live comments only), the 400s naming ``q``, snippets.

SQLite (icontains) in the unit pass, PostgreSQL (full text) in the real pass; the assertions hold for both.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OTHER_TICKET, TICKET, CommentFactory
from tts_common.search import HIGHLIGHT_START as ON
from tts_common.search import HIGHLIGHT_STOP as OFF

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/"


def found(client, q: str, **params) -> list[int]:
    response = client.get(URL, {"q": q, **params})
    assert response.status_code == 200, response.json()
    return [hit["id"] for hit in response.json()["results"]]


@pytest.mark.parametrize(
    ("caller", "status"), [("anonymous", 401), ("no_tts_role", 403), ("author", 200), ("other_member", 200), ("admin", 200)]
)
def test_members_search_and_strangers_are_refused(callers, caller, status):
    CommentFactory(content="The printer on floor 3 is jammed")

    assert callers[caller].get(URL, {"q": "printer"}).status_code == status


def test_comments_on_every_ticket_are_found_as_members_read_every_ticket(callers):
    mine = CommentFactory(content="Printer jammed again")
    elsewhere = CommentFactory(ticket_id=OTHER_TICKET, user_id=99, content="Replaced the printer drum")

    assert sorted(found(callers["other_member"], "printer")) == sorted([mine.pk, elsewhere.pk])


def test_a_deleted_comment_is_never_found(callers):
    CommentFactory(content="Secret printer password", is_deleted=True)
    live = CommentFactory(content="Printer works")

    assert found(callers["admin"], "printer") == [live.pk]
    assert found(callers["admin"], "secret") == []


def test_every_word_must_match(callers):
    both = CommentFactory(content="Toner low on the printer")
    CommentFactory(content="Printer jammed")

    assert found(callers["author"], "printer toner") == [both.pk]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "This field is required."),
        ({"q": ""}, "This field may not be blank."),
        ({"q": " \t"}, "This field may not be blank."),
        ({"q": "x" * 201}, "Ensure this field has no more than 200 characters."),
    ],
)
def test_a_missing_blank_or_long_q_is_a_400_naming_it(callers, params, message):
    response = callers["author"].get(URL, params)

    assert response.status_code == 400
    assert response.json()["errors"] == {"q": [message]}


def test_a_hit_names_its_ticket_and_marks_the_match(callers):
    parent = CommentFactory(content="First")
    reply = CommentFactory(content="The <b>printer</b> is back", parent=parent)

    hit = callers["author"].get(URL, {"q": "printer"}).json()["results"][0]

    assert (hit["id"], hit["ticket_id"], hit["parent"], hit["user_id"], hit["author_name"]) == (
        reply.pk,
        TICKET,
        parent.pk,
        10,
        "Alice Agent",
    )
    assert f"{ON}printer{OFF}" in hit["snippet"]
    assert {"created_at", "rank"} <= hit.keys()


def test_stored_text_cannot_fake_a_highlight(callers):
    CommentFactory(content=f"{ON}fake{OFF} printer")

    snippet = callers["author"].get(URL, {"q": "printer"}).json()["results"][0]["snippet"]

    assert snippet.count(ON) == 1 and f"{ON}printer{OFF}" in snippet


def test_pages_and_a_query_count_that_does_not_grow(callers):
    CommentFactory(content="printer one")
    with CaptureQueriesContext(connection) as one:
        assert len(found(callers["author"], "printer")) == 1
    CommentFactory.create_batch(6, content="printer many")
    with CaptureQueriesContext(connection) as seven:
        assert len(found(callers["author"], "printer")) == 7
    page = callers["author"].get(URL, {"q": "printer", "page_size": 5}).json()

    assert len(seven.captured_queries) == len(one.captured_queries)
    assert page["count"] == 7 and len(page["results"]) == 5 and page["next"]


def test_a_page_past_the_last_is_a_404(callers):
    CommentFactory(content="printer")

    assert callers["author"].get(URL, {"q": "printer", "page": 2}).status_code == 404
    assert callers["author"].get(URL, {"q": "nothing", "page": 3}).status_code == 404
    assert callers["author"].get(URL, {"q": "printer", "page": 0}).status_code == 400
