"""Saved views, the requester's other tickets and snippets through the running suite (issue 15 items 5-7), on
PostgreSQL with tickets that came in through ticket_mock and the broker."""

import uuid

import pytest

from tests.e2e.flows import ADMIN, EMPLOYEE, eventually, sign_in, task_of, ticket_post
from tests.e2e.http import call

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def people(suite):
    return {
        "admin": sign_in(suite, *ADMIN),
        "coordinator": sign_in(suite, "coordinator@tts.local"),
        "agent": sign_in(suite, "agent1@tts.local"),
    }


@pytest.fixture(scope="module")
def history(suite, people):
    """Two tickets of one requester (an address of their own), at Triage with the coordinator; their tasks, oldest first."""
    marker = uuid.uuid4().hex[:8]
    requester = {**EMPLOYEE, "first_name": "Grace", "email": f"grace.{marker}@example.com"}
    numbers = [ticket_post(suite, people["admin"], f"E2E {marker} printer {i}", "Jammed.", employee=requester) for i in range(2)]
    tasks = [
        eventually(lambda n=n: (t := task_of(suite, people["admin"], n)) and t["status"] == "in_progress" and t, what=n) for n in numbers
    ]
    return {"marker": marker, "email": requester["email"], "tasks": tasks}


def test_the_requesters_other_tickets_for_those_who_may_open_the_task(suite, people, history):
    older, newer = history["tasks"]
    url = f"{suite.workflow}/tasks/{newer['id']}/requester-tickets/"

    for who in ("admin", "coordinator"):
        body = call("get", url, token=people[who]).body
        assert [(row["ticket_number"], row["id"]) for row in body["results"]] == [(older["ticket_number"], older["id"])], who
        assert (body["count"], body["open_count"], body["requester"]["email"]) == (1, 1, history["email"])
    assert call("get", url, token=people["agent"]).status == 404  # never held it


def test_saved_views_count_what_each_person_sees_and_are_shared_by_role(suite, people, history):
    views = f"{suite.workflow}/saved-views/"
    search = f"E2E {history['marker']}"
    role_id = next(
        r["role_id"]
        for r in call("get", f"{suite.workflow}/roles/", token=people["admin"]).body["results"]
        if r["name"] == "Ticket Coordinator"
    )

    own = call(
        "post", views, {"name": f"Printers {history['marker']}", "filters": {"mine": True, "search": search}}, token=people["coordinator"]
    )
    shared = call(
        "post",
        views,
        {"name": f"Team {history['marker']}", "filters": {"search": search}, "shared_with_role": role_id},
        token=people["admin"],
    )
    refused = call("post", views, {"name": "x", "filters": {"colour": "red"}}, token=people["coordinator"])

    assert own.status == 201 and own.body["count"] == 2, own.body
    assert shared.status == 201 and shared.body["count"] == 2, shared.body
    assert refused.status == 400 and "colour" in refused.body["errors"]["filters"]
    listed = {v["name"]: (v["count"], v["is_owner"]) for v in call("get", views, token=people["coordinator"]).body["results"]}
    assert listed[f"Printers {history['marker']}"] == (2, True) and listed[f"Team {history['marker']}"] == (2, False)
    assert f"Team {history['marker']}" not in {v["name"] for v in call("get", views, token=people["agent"]).body["results"]}
    assert call("delete", f"{views}{shared.body['id']}/", token=people["coordinator"]).status == 403
    assert call("delete", f"{views}{shared.body['id']}/", token=people["admin"]).status == 204


def test_a_shared_snippet_is_filled_in_for_a_task_the_caller_may_open(suite, people, history):
    snippets = f"{suite.workflow}/snippets/"
    body = "Hi {{requester_first_name}}, about {{ticket_number}}. {{agent_first_name}}"
    created = call(
        "post", snippets, {"title": "Hello", "shortcut": f"hi{history['marker']}", "body": body, "is_shared": True}, token=people["admin"]
    )
    assert created.status == 201, created.body
    task = history["tasks"][0]
    render = f"{snippets}{created.body['id']}/render/?task={task['id']}"

    filled = call("get", render, token=people["coordinator"])

    assert filled.status == 200, filled.body
    assert filled.body["body"] == f"Hi Grace, about {task['ticket_number']}. Dana"
    assert call("get", render, token=people["agent"]).status == 404
    unknown = call("post", snippets, {"title": "t", "shortcut": "bad", "body": "Hi {{first_name}}"}, token=people["agent"])
    assert unknown.status == 400 and "body" in unknown.body["errors"]
