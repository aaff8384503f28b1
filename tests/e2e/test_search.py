"""Search through the running suite (issue 15 item 1), on PostgreSQL: a ticket that came in through ticket_mock
and the broker is found by its words in workflow_api by those who may see its task and by no one else, and a
comment on it in messaging, with the matches marked; the 400s name ``q``."""

import uuid
from urllib.parse import urlencode

import pytest

from tests.e2e.flows import ADMIN, eventually, sign_in, task_of, ticket_post
from tests.e2e.http import call

pytestmark = pytest.mark.integration

ON, OFF = "\u0002", "\u0003"


@pytest.fixture(scope="module")
def people(suite):
    return {
        "admin": sign_in(suite, *ADMIN),
        "coordinator": sign_in(suite, "coordinator@tts.local"),
        "agent": sign_in(suite, "agent1@tts.local"),
    }


@pytest.fixture(scope="module")
def ticket(suite, people):
    """A ticket at Triage with the coordinator; ``word`` appears in its description only."""
    word = f"zq{uuid.uuid4().hex[:10]}"
    number = ticket_post(suite, people["admin"], "Spooler keeps crashing", f"The {word} printers stopped after the update.")
    task = eventually(lambda: (t := task_of(suite, people["admin"], number)) and t["status"] == "in_progress" and t, what=number)
    return {"word": word, "number": number, "task": task}


def hits(suite, people, who: str, path: str, q: str) -> list[dict]:
    reply = call("get", f"{path}?{urlencode({'q': q})}", token=people[who])
    assert reply.status == 200, reply.body
    return reply.body["results"]


def test_tasks_are_found_by_those_who_may_see_them_only(suite, people, ticket):
    url = f"{suite.workflow}/search/"

    for who in ("admin", "coordinator"):
        found = hits(suite, people, who, url, ticket["word"])
        assert [hit["ticket_number"] for hit in found] == [ticket["number"]], who
        assert f"{ON}{ticket['word']}{OFF}" in found[0]["snippet"]
    assert hits(suite, people, "agent", url, ticket["word"]) == []  # never held it
    by_number = hits(suite, people, "coordinator", url, ticket["number"].lower())
    assert ticket["number"] in [hit["ticket_number"] for hit in by_number]


def test_a_comment_is_found_by_its_words_and_a_deleted_one_is_not(suite, people, ticket):
    comments, url = f"{suite.messaging}/api/v1/comments/", f"{suite.messaging}/api/v1/search/"
    kept = call(
        "post",
        comments,
        {"ticket_id": ticket["number"], "content": f"Restarted the spooler, {ticket['word']}ing again"},
        token=people["coordinator"],
    )
    gone = call(
        "post", comments, {"ticket_id": ticket["number"], "content": f"Wrong ticket {ticket['word']}x"}, token=people["coordinator"]
    )
    assert kept.status == 201 and gone.status == 201
    assert call("delete", f"{comments}{gone.body['id']}/", token=people["coordinator"]).status == 204

    found = hits(suite, people, "agent", url, "spooler " + ticket["word"] + "ing")

    assert [(hit["id"], hit["ticket_id"]) for hit in found] == [(kept.body["id"], ticket["number"])]
    assert f"{ON}spooler{OFF}" in found[0]["snippet"]
    assert hits(suite, people, "agent", url, ticket["word"] + "x") == []


def test_bad_searches_name_q_and_strangers_are_refused(suite, people):
    for url in (f"{suite.workflow}/search/", f"{suite.messaging}/api/v1/search/"):
        assert call("get", f"{url}?q=%20", token=people["agent"]).body["errors"] == {"q": ["This field may not be blank."]}
        assert "q" in call("get", f"{url}?q={'x' * 201}", token=people["agent"]).body["errors"]
        assert call("get", f"{url}?q=printer").status == 401
