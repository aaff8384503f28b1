"""Live comments through the running suite: two consoles on one ticket see each other's comments as
they are made, and the coordinator who owns the ticket is told in-app (and live on their notification
socket) when an agent comments, but not about their own comments."""

import json
import time

import pytest
from websockets.sync.client import connect

from tests.e2e.flows import ADMIN, eventually, sign_in, task_of, ticket_post
from tests.e2e.http import call

pytestmark = pytest.mark.integration

COORDINATOR = "coordinator@tts.local"
AGENT = "agent1@tts.local"
ORIGIN = "http://localhost:5173"


def socket(suite, path: str, token: str):
    return connect(f"{suite.messaging.replace('http://', 'ws://')}{path}?token={token}", origin=ORIGIN, open_timeout=10)


def next_of(connection, message_type: str, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        message = json.loads(connection.recv(timeout=left))
        if message["type"] == message_type:
            return message
    raise AssertionError(f"no {message_type} within {timeout}s")


def replica_ready(suite, admin):
    roles = call("get", f"{suite.workflow}/roles/", token=admin).body["results"]
    return any(role["name"] == "Ticket Coordinator" and role["members"] for role in roles)


def comment_notifications(suite, token, number):
    url = f"{suite.notification}/api/v2/notifications/inapp/?related_ticket_number={number}&notification_type=comment_added"
    return call("get", url, token=token).body["results"]


def test_two_consoles_see_each_others_comments_and_the_owner_is_told(suite):
    admin = sign_in(suite, *ADMIN)
    coordinator, agent = sign_in(suite, COORDINATOR), sign_in(suite, AGENT)
    coordinator_id = call("get", f"{suite.auth}/api/v1/users/me/", token=coordinator).body["id"]
    agent_id = call("get", f"{suite.auth}/api/v1/users/me/", token=agent).body["id"]
    eventually(lambda: replica_ready(suite, admin), what="auth's roles in workflow_api's replica")
    number = ticket_post(suite, admin, "E2E: let's talk about it", "Comments should flow live.")
    task = eventually(
        lambda: task_of(suite, admin, number),
        what="the ticket's task",
    )
    assert task["owner_user_id"] == coordinator_id

    with (
        socket(suite, f"/ws/tickets/{number}/", coordinator) as coordinator_console,
        socket(suite, f"/ws/tickets/{number}/", agent) as agent_console,
        socket(suite, "/ws/notifications/", coordinator) as coordinator_notifications,
    ):
        assert next_of(coordinator_console, "connection_established")["ticket_id"] == number
        assert next_of(agent_console, "connection_established")["ticket_id"] == number
        assert next_of(coordinator_notifications, "connection_established")["user_id"] == coordinator_id

        # The agent types and comments from their console; both consoles get the comment.
        agent_console.send(json.dumps({"type": "typing_start"}))
        typing = next_of(coordinator_console, "typing_indicator")
        assert (typing["user_id"], typing["is_typing"]) == (agent_id, True)
        agent_console.send(json.dumps({"type": "comment_create", "content": "Which floor is the laptop on?"}))
        for console in (coordinator_console, agent_console):
            update = next_of(console, "comment_update")
            assert (update["action"], update["comment"]["user_id"], update["comment"]["content"]) == (
                "create",
                agent_id,
                "Which floor is the laptop on?",
            )
        question = update["comment"]

        # The coordinator answers over REST (as the console's form does); both consoles get the reply.
        answer = call(
            "post",
            f"{suite.messaging}/api/v1/comments/",
            {"ticket_id": number, "content": "Third.", "parent": question["id"]},
            token=coordinator,
        )
        assert answer.status == 201, answer.body
        for console in (coordinator_console, agent_console):
            update = next_of(console, "comment_update")
            assert (update["action"], update["comment"]) == ("reply", answer.body)

        # The owner hears about the agent's comment live on their notification socket ...
        pushed = next_of(coordinator_notifications, "notification", timeout=60)["notification"]
        assert (pushed["notification_type"], pushed["related_ticket_number"], pushed["user_id"]) == (
            "comment_added",
            number,
            coordinator_id,
        )
        assert pushed["metadata"]["comment_id"] == question["id"]

    # ... and in their in-app list; their own reply told them nothing.
    agent_console_comment = call("post", f"{suite.messaging}/api/v1/comments/", {"ticket_id": number, "content": "Thanks!"}, token=agent)
    assert agent_console_comment.status == 201
    told = eventually(lambda: len(found := comment_notifications(suite, coordinator, number)) >= 2 and found, what="two comment_added")
    assert sorted(n["metadata"]["comment_id"] for n in told) == sorted([question["id"], agent_console_comment.body["id"]])
    assert {n["metadata"]["author_user_id"] for n in told} == {agent_id}
    assert comment_notifications(suite, agent, number) == []

    listed = call("get", f"{suite.messaging}/api/v1/comments/?ticket_id={number}", token=agent).body
    assert [c["content"] for c in listed["results"]] == ["Which floor is the laptop on?", "Thanks!"]
    assert [r["content"] for r in listed["results"][0]["replies"]] == ["Third."]
