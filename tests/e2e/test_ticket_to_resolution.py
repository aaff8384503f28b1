"""The core flow through the running suite: a help-desk ticket becomes a task in the right hands,
is walked through its workflow by the people it is assigned to, and the help desk hears it is Resolved."""

import subprocess
import sys

import pytest

from tests.e2e.conftest import ROOT
from tests.e2e.flows import ADMIN, eventually, sign_in, task_of, ticket_post
from tests.e2e.http import call

pytestmark = pytest.mark.integration

PEOPLE_EMAILS = [
    "coordinator@tts.local",
    "agent1@tts.local",
    "agent2@tts.local",
    "agent3@tts.local",
    "assets@tts.local",
    "budget@tts.local",
]


@pytest.fixture(scope="module")
def admin(suite):
    return sign_in(suite, *ADMIN)


@pytest.fixture(scope="module")
def tokens_by_user(suite):
    """Each demo person's access token, keyed by the user id in it."""
    tokens = {}
    for email in PEOPLE_EMAILS:
        me = call("get", f"{suite.auth}/api/v1/users/me/", token=(token := sign_in(suite, email)))
        tokens[me.body["id"]] = token
    return tokens


def replica_ready(suite, admin):
    roles = call("get", f"{suite.workflow}/roles/", token=admin).body["results"]
    members = {role["name"]: len(role["members"]) for role in roles}
    return members.get("Agent", 0) >= 3 and members.get("Ticket Coordinator", 0) >= 1


def test_a_ticket_is_walked_to_resolved_and_the_help_desk_is_told(suite, admin, tokens_by_user):
    eventually(lambda: replica_ready(suite, admin), what="auth's roles in workflow_api's replica")
    number = ticket_post(suite, admin, "E2E: laptop will not start", "Nothing on the screen.", priority="High")

    task = eventually(lambda: (t := task_of(suite, admin, number)) and t["status"] == "in_progress" and t, what="the task")
    assert task["workflow"]["name"] == "IT Support workflow"
    assert eventually(
        lambda: call("get", f"{suite.ticket_mock}/api/tickets/{number}/", token=admin).body["status"] == "In Progress",
        what="In Progress at the help desk",
    )

    walked = []
    for _ in range(3):  # Triage -> Resolve -> Finalize -> end
        detail = call("get", f"{suite.workflow}/tasks/{task['id']}/", token=admin).body
        holder = detail["assignee"]["user_id"]
        token = tokens_by_user[holder]
        mine = call("get", f"{suite.workflow}/tasks/?mine=true", token=token).body["results"]
        assert number in [t["ticket_number"] for t in mine]
        options = {
            t["name"]: t["id"] for t in call("get", f"{suite.workflow}/tasks/{task['id']}/", token=token).body["available_transitions"]
        }
        moved = call(
            "post", f"{suite.workflow}/tasks/{task['id']}/transition/", {"transition_id": options["approve"], "notes": "done"}, token=token
        )
        assert moved.status == 200, moved.body
        walked.append((detail["current_step"]["name"], holder))

    final = call("get", f"{suite.workflow}/tasks/{task['id']}/", token=admin).body
    assert [step for step, _ in walked] == ["Triage", "Resolve", "Finalize"]
    assert (final["status"], final["resolution"]) == ("completed", "Resolved")
    assert eventually(
        lambda: call("get", f"{suite.ticket_mock}/api/tickets/{number}/", token=admin).body["status"] == "Resolved",
        what="Resolved at the help desk",
    )
    audit = call("get", f"{suite.workflow}/audit/?ticket_number={number}", token=admin).body["results"]
    assert [event["action"] for event in audit].count("task.transitioned") == 3


def test_inject_fills_the_inboxes(suite, admin, tokens_by_user):
    eventually(lambda: replica_ready(suite, admin), what="auth's roles in workflow_api's replica")
    before = call("get", f"{suite.workflow}/tasks/", token=admin).body["count"]
    # Other tests on this suite leave unmatched tickets of their own (test_metrics): inject's must all match.
    unmatched_before = call("get", f"{suite.workflow}/tasks/?status=unmatched", token=admin).body["count"]

    subprocess.run(
        [sys.executable, "manage.py", "inject", "--count", "20"],
        cwd=ROOT / "services" / "ticket_mock",
        env=suite.env,
        check=True,
        capture_output=True,
        timeout=120,
    )

    eventually(lambda: call("get", f"{suite.workflow}/tasks/", token=admin).body["count"] >= before + 20, what="20 new tasks")
    holding = [call("get", f"{suite.workflow}/tasks/?mine=true", token=token).body["count"] for token in tokens_by_user.values()]
    assert sum(holding) >= 20 - call("get", f"{suite.workflow}/tasks/?status=pending", token=admin).body["count"]
    assert call("get", f"{suite.workflow}/tasks/?status=unmatched", token=admin).body["count"] == unmatched_before
