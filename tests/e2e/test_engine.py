"""The workflow engine of issue 13 through the running suite: the seeded purchase-order workflow's 2-of-3 review
walked by three agents (approve, reject, approve) to Resolved with its SLA outcome, and a calendar workflow's target
counted in its open hours only."""

from datetime import UTC, datetime, time, timedelta

import pytest

from tests.e2e.flows import ADMIN, DEMO_PASSWORD, eventually, sign_in, task_of, ticket_body
from tests.e2e.http import call

pytestmark = pytest.mark.integration
AGENTS = ("agent1@tts.local", "agent2@tts.local", "agent3@tts.local")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.fixture(scope="module")
def people(suite):
    emails = (*AGENTS, "coordinator@tts.local", "budget@tts.local")
    return {"admin": sign_in(suite, *ADMIN), **{email: sign_in(suite, email, DEMO_PASSWORD) for email in emails}}


def post_ticket(suite, token, subject, **fields) -> str:
    created = call("post", f"{suite.ticket_mock}/api/tickets/", {**ticket_body(subject, "E2E engine test."), **fields}, token=token)
    assert created.status == 201, created.body
    return created.body["ticket_number"]


def take(suite, token, task_id, name, notes="") -> dict:
    detail = call("get", f"{suite.workflow}/tasks/{task_id}/", token=token).body
    transition = next(t for t in detail["available_transitions"] if t["name"] == name)
    moved = call("post", f"{suite.workflow}/tasks/{task_id}/transition/", {"transition_id": transition["id"], "notes": notes}, token=token)
    assert moved.status == 200, moved.body
    return moved.body


def test_a_purchase_order_needs_two_of_three_agents_and_ends_with_its_sla_outcome(suite, people):
    admin = people["admin"]
    number = post_ticket(
        suite, admin, "E2E: 12 monitors", category="Budget Request", sub_category="Purchase Order", department="Budget Department"
    )
    task = eventually(lambda: (t := task_of(suite, admin, number)) and t["status"] == "in_progress" and t, what="the task")
    assert task["workflow"]["name"] == "Purchase order approval"
    take(suite, people["coordinator@tts.local"], task["id"], "approve")

    review = call("get", f"{suite.workflow}/tasks/{task['id']}/", token=admin).body
    assert review["current_step"]["name"] == "Review"
    assert sorted(a["user_email"] for a in review["assignees"]) == sorted(AGENTS)
    assert (review["approval"]["assignees"], review["approval"]["approvals_required"]) == (3, 2)

    first = take(suite, people[AGENTS[0]], task["id"], "approve", "needed for the new team")
    assert (first["current_step"]["name"], first["approval"]["approved"], first["available_transitions"]) == ("Review", 1, [])
    second = take(suite, people[AGENTS[1]], task["id"], "reject", "too expensive")
    assert (second["current_step"]["name"], second["approval"]["rejected"], second["approval"]["pending"]) == ("Review", 1, 1)
    third = take(suite, people[AGENTS[2]], task["id"], "approve")
    assert third["current_step"]["name"] == "Finalize"
    assert [(v["user_email"], v["decision"]) for v in third["approvals"]] == [
        (AGENTS[0], "approve"),
        (AGENTS[1], "reject"),
        (AGENTS[2], "approve"),
    ]
    for agent in AGENTS:  # each assignee was told
        url = f"{suite.notification}/api/v2/notifications/inapp/?related_ticket_number={number}"
        eventually(lambda url=url, agent=agent: call("get", url, token=people[agent]).body["count"], what=f"{agent}'s notification")

    done = take(suite, people["budget@tts.local"], task["id"], "approve")

    assert (done["status"], done["resolution"], done["sla_met"]) == ("completed", "Resolved", True)
    assert done["sla_margin_seconds"] > 0 and done["resolution_open_seconds"] >= 0
    help_desk = lambda: call("get", f"{suite.ticket_mock}/api/tickets/{number}/", token=admin).body["status"]  # noqa: E731
    assert eventually(lambda: help_desk() == "Resolved", what="Resolved at the help desk")


def test_a_calendar_workflow_counts_its_target_in_open_hours_only(suite, people):
    """Open one hour a week (10:00-11:00 UTC on the weekday two days from now): a 30-minute SLA is due at 10:30 then."""
    admin = people["admin"]
    open_day = datetime.now(UTC).date() + timedelta(days=2)
    hours = {day: [] for day in DAYS}
    hours[DAYS[open_day.weekday()]] = [["10:00", "11:00"]]
    definition = {
        "name": f"E2E calendar {datetime.now(UTC):%H%M%S%f}",
        "category": "E2E Calendar",
        "department": "E2E Department",
        "sla": {"low": 3600, "medium": 1800, "high": 900, "urgent": 600},
        "calendar": {"timezone": "UTC", "hours": hours, "holidays": []},
        "steps": [{"name": "Work", "role": "Agent"}],
        "transitions": [{"from_step": None, "to_step": "Work", "name": "start"}, {"from_step": "Work", "to_step": None, "name": "done"}],
    }
    created = call("post", f"{suite.workflow}/workflows/", definition, token=admin)
    assert created.status == 201, created.body
    assert call("post", f"{suite.workflow}/workflows/{created.body['id']}/deploy/", token=admin).status == 200

    number = post_ticket(suite, admin, "E2E: calendar", category="E2E Calendar", sub_category="", department="E2E Department")
    task = eventually(lambda: (t := task_of(suite, admin, number)) and t["status"] == "in_progress" and t, what="the task")

    received = datetime.fromisoformat(task["received_at"])
    assert received.date() in (open_day - timedelta(days=2), open_day - timedelta(days=1))  # midnight may pass meanwhile
    expected = datetime.combine(open_day, time(10, 30), tzinfo=UTC)
    assert datetime.fromisoformat(task["target_resolution"]) == expected
    assert datetime.fromisoformat(task["assignee"]["target_resolution"]) == expected  # the only step takes the whole SLA
