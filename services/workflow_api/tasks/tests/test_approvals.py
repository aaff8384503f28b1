"""K-of-N approval steps (issue 13, item 3): three agents decide, two approvals move the task on.

The workflow: a ticket starts at "Approve" (role Agent, N=3, K=2, escalation to Admin); approve leads to "Fulfil"
(Asset Manager), reject ends the task. Agents 10, 11 and 12 are the role's members.
"""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connections
from hypothesis import given
from hypothesis import strategies as st

from audit.models import AuditEvent
from audit.services import Actor
from intake.services import Delivery, tickets_receive
from tasks.models import Assignment, Task
from tasks.services.approvals import APPROVE, REJECT, Tally
from tasks.services.errors import TaskActionError
from tasks.services.lifecycle import task_transition
from tasks.services.sla_sweep import sla_sweep
from tests.factories import add_member, client_for, hdts_ticket
from tts_common.outbox.models import OutboxMessage
from tts_common.routing import CREATE_INAPP_NOTIFICATION
from workflows.demo import demo_engine_workflow_seed

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
HOURS = 3600
AGENTS = (10, 11, 12)
PURCHASE = {
    "name": "Purchase approval",
    "category": "Purchasing",
    "department": "Finance",
    "sla": {"low": 40 * HOURS, "medium": 20 * HOURS, "high": 8 * HOURS, "urgent": 4 * HOURS},
    "steps": [
        {"name": "Approve", "role": "Agent", "weight": 1, "escalate_to": "Admin", "assignees": 3, "approvals_required": 2},
        {"name": "Fulfil", "role": "Asset Manager", "weight": 1},
    ],
    "transitions": [
        {"from_step": None, "to_step": "Approve", "name": "start"},
        {"from_step": "Approve", "to_step": "Fulfil", "name": "approve"},
        {"from_step": "Approve", "to_step": None, "name": "reject", "requires_notes": True},
        {"from_step": "Fulfil", "to_step": None, "name": "done"},
    ],
}


@pytest.fixture
def agents(replica):
    add_member(12, "Agent", email="agent.c@example.com")
    return {user_id: client_for(user_id, "Agent") for user_id in AGENTS}


@pytest.fixture
def task(callers, agents, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: T0)
    deploy(callers, PURCHASE)
    ticket = hdts_ticket("T-BUY", category="Purchasing", sub_category="", department="Finance", priority="Medium")
    tickets_receive(deliveries=[Delivery(ticket)])
    return Task.objects.get(ticket_number="T-BUY")


def deploy(callers, definition):
    created = callers["admin"].post("/workflows/", definition, format="json")
    assert created.status_code == 201, created.json()
    return callers["admin"].post(f"/workflows/{created.json()['id']}/deploy/")


def vote(client, task, decision, notes=""):
    detail = client.get(f"/tasks/{task.id}/").json()
    transition = next(t for t in detail["available_transitions"] if t["name"] == decision)
    return client.post(f"/tasks/{task.id}/transition/", {"transition_id": transition["id"], "notes": notes}, format="json")


def test_entering_the_step_assigns_three_different_agents_each_notified(callers, task):
    body = callers["admin"].get(f"/tasks/{task.id}/").json()

    assert sorted(a["user_id"] for a in body["assignees"]) == list(AGENTS)
    assert body["approval"] == {
        "assignees": 3,
        "approvals_required": 2,
        "approved": 0,
        "rejected": 0,
        "pending": 3,
        "approve_transition": "approve",
        "reject_transition": "reject",
    }
    notified = OutboxMessage.objects.filter(task_name=CREATE_INAPP_NOTIFICATION)
    assert sorted(m.kwargs["user_id"] for m in notified) == list(AGENTS)
    for user_id, client in client_for_each(task).items():
        mine = client.get(f"/tasks/{task.id}/").json()
        assert mine["assignee"]["user_id"] == user_id  # each sees their own share
        assert {t["name"] for t in mine["available_transitions"]} == {"approve", "reject"}


def client_for_each(task) -> dict:
    return {a.user_id: client_for(a.user_id, "Agent") for a in task.assignments.filter(status="active")}


def test_approve_reject_approve_moves_the_task_on_at_the_second_approval(callers, agents, task, monkeypatch):
    first, second, third = reversed(AGENTS)  # votes listed by time, not by who was assigned first
    clock = [T0]
    monkeypatch.setattr("django.utils.timezone.now", lambda: clock[0])

    clock[0] += timedelta(minutes=1)
    assert vote(agents[first], task, "approve", "fine by me").status_code == 200
    after_one = agents[first].get(f"/tasks/{task.id}/").json()
    assert (after_one["status"], after_one["current_step"]["name"]) == ("in_progress", "Approve")
    assert after_one["available_transitions"] == []  # decided already
    assert after_one["approval"]["approved"] == 1 and after_one["approval"]["pending"] == 2

    clock[0] += timedelta(minutes=1)
    rejected = vote(agents[second], task, "reject", "too expensive")
    assert rejected.status_code == 200
    tally = rejected.json()["approval"]
    assert (tally["approved"], tally["rejected"], tally["pending"]) == (1, 1, 1)
    assert rejected.json()["current_step"]["name"] == "Approve"

    clock[0] += timedelta(minutes=1)
    moved = vote(agents[third], task, "approve")
    assert moved.status_code == 200
    body = callers["admin"].get(f"/tasks/{task.id}/").json()
    assert body["current_step"]["name"] == "Fulfil" and body["approval"] is None
    assert [a["user_id"] for a in body["assignees"]] == [30]
    assert [(v["user_id"], v["decision"], v["notes"]) for v in body["approvals"]] == [
        (first, "approve", "fine by me"),
        (second, "reject", "too expensive"),
        (third, "approve", ""),
    ]
    actions = [e["action"] for e in body["history"]]
    assert actions.count("task.approval_recorded") == 3
    decided = next(e for e in body["history"] if e["action"] == "task.transitioned")
    assert decided["after"]["approvals"] == {"decision": "approve", "outcome": "approve", "approved": 2, "rejected": 1, "required": 2}
    assert actions.index("task.transitioned") < max(i for i, a in enumerate(actions) if a == "task.assigned")


def test_the_task_is_rejected_as_soon_as_two_approvals_cannot_be_reached(callers, agents, task):
    first, second, third = AGENTS
    assert vote(agents[first], task, "reject", "no budget").status_code == 200
    assert Task.objects.get(pk=task.pk).status == Task.Status.IN_PROGRESS  # 2 of the 2 left could still approve

    assert vote(agents[second], task, "reject", "agreed").status_code == 200

    task.refresh_from_db()
    assert (task.status, task.resolution) == (Task.Status.COMPLETED, "Rejected")
    closed = task.assignments.get(user_id=third)
    assert closed.status == Assignment.Status.CANCELLED and "rejected" in closed.notes
    assert agents[third].get(f"/tasks/{task.id}/").json()["available_transitions"] == []


def test_a_vote_is_cast_once_and_only_by_an_assignee(callers, agents, task):
    assert vote(agents[10], task, "approve").status_code == 200
    again = callers["agent"].post(f"/tasks/{task.id}/transition/", {"transition_id": approve_id(callers, task)}, format="json")

    assert again.status_code == 403
    assert callers["coordinator"].get(f"/tasks/{task.id}/").status_code == 404  # never held it
    assert vote(agents[11], task, "reject").status_code == 400  # reject needs notes, as the transition says


def approve_id(callers, task) -> int:
    return next(t["id"] for t in callers["admin"].get(f"/tasks/{task.id}/").json()["steps"]["transitions"] if t["name"] == "approve")


def test_any_assignee_holds_and_the_resume_moves_every_assignment(callers, agents, task, monkeypatch):
    before = {a.user_id: a.target_resolution for a in task.assignments.filter(status="active")}
    assert agents[11].post(f"/tasks/{task.id}/hold/", {"reason": "Waiting for a quote"}, format="json").status_code == 200
    monkeypatch.setattr("django.utils.timezone.now", lambda: T0 + timedelta(hours=3))

    assert agents[12].post(f"/tasks/{task.id}/resume/", {}, format="json").status_code == 200

    after = {a.user_id: a.target_resolution for a in task.assignments.filter(status="active")}
    assert after == {user_id: target + timedelta(hours=3) for user_id, target in before.items()}


def test_an_administrator_says_whose_share_to_transfer(callers, agents, task):
    add_member(13, "Agent")
    transfer = f"/tasks/{task.id}/transfer/"

    unsaid = callers["admin"].post(transfer, {"user_id": 13}, format="json")
    assert unsaid.status_code == 400 and list(unsaid.json()["errors"]) == ["from_user_id"]
    already = callers["admin"].post(transfer, {"user_id": 11, "from_user_id": 10}, format="json")
    assert already.status_code == 400 and list(already.json()["errors"]) == ["user_id"]
    stranger = callers["admin"].post(transfer, {"user_id": 13, "from_user_id": 1}, format="json")
    assert stranger.status_code == 400 and list(stranger.json()["errors"]) == ["from_user_id"]
    outside_the_role = callers["admin"].post(transfer, {"user_id": 20, "from_user_id": 10}, format="json")  # a coordinator
    assert outside_the_role.status_code == 400
    assert outside_the_role.json()["errors"] == {"user_id": ["That person does not hold the step's role Agent."]}

    done = callers["admin"].post(transfer, {"user_id": 13, "from_user_id": 10}, format="json")

    assert done.status_code == 200, done.json()
    assert sorted(a["user_id"] for a in done.json()["assignees"]) == [11, 12, 13]
    assert done.json()["approval"]["pending"] == 3


def test_a_breach_escalates_each_share_to_someone_new(callers, agents, task):
    add_member(2, "Admin")
    result = sla_sweep(now=T0 + timedelta(hours=21))

    assert (result.breached, result.escalated) == (3, 2)  # two admins (1 and 2) to take three shares
    holders = sorted(task.assignments.filter(status="active").values_list("user_id", flat=True))
    assert holders[:2] == [1, 2] and holders[2] in AGENTS  # the third share stays: nobody else holds Admin


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"assignees": 4}, "step 'Approve' needs 4 people but the role Agent has 3 active member(s)"),
        ({"approve_transition": "ok"}, "its transitions must be exactly 'ok' and 'reject'"),
        ({"approve_transition": "Reject"}, "step 'Approve' needs different approve and reject transitions"),
    ],
)
def test_deploy_names_the_step_whose_approval_cannot_work(callers, agents, change, problem):
    definition = {**PURCHASE, "steps": [{**PURCHASE["steps"][0], **change}, PURCHASE["steps"][1]]}

    refused = deploy(callers, definition)

    assert refused.status_code == 400
    assert any(problem in text for text in refused.json()["problems"]), refused.json()["problems"]


def test_more_approvals_than_deciders_is_refused_when_written(callers, agents):
    definition = {**PURCHASE, "steps": [{**PURCHASE["steps"][0], "approvals_required": 4}, PURCHASE["steps"][1]]}

    refused = callers["admin"].post("/workflows/", definition, format="json")

    assert refused.status_code == 400
    assert refused.json()["errors"] == {"steps": {"0": {"approvals_required": ["At most assignees (3)."]}}}


def test_an_extra_transition_at_an_approval_step_is_refused(callers, agents):
    extra = {"from_step": "Approve", "to_step": "Fulfil", "name": "skip"}

    refused = deploy(callers, {**PURCHASE, "transitions": [*PURCHASE["transitions"], extra]})

    assert refused.status_code == 400
    assert "step 'Approve' is decided by 3 people, so its transitions must be exactly 'approve' and 'reject'" in refused.json()["problems"]


@given(
    deciders=st.integers(min_value=1, max_value=20),
    data=st.data(),
)
def test_the_tally_decides_exactly_when_k_is_reached_or_out_of_reach(deciders, data):
    required = data.draw(st.integers(min_value=1, max_value=deciders))
    votes = data.draw(st.lists(st.sampled_from([APPROVE, REJECT]), min_size=deciders, max_size=deciders))
    approved = rejected = 0
    for cast, decision in enumerate(votes, start=1):
        approved, rejected = approved + (decision == APPROVE), rejected + (decision == REJECT)
        tally = Tally(assignees=deciders, required=required, approved=approved, rejected=rejected, pending=deciders - cast)
        could_still = approved + (deciders - cast)
        expected = APPROVE if approved >= required else REJECT if could_still < required else None
        assert tally.decided == expected
        if expected is not None:
            assert expected == decision  # the vote that decides is of the decision's kind
            break
    else:
        pytest.fail("every vote cast and nothing decided")


def test_the_demo_purchase_order_workflow_uses_a_calendar_and_a_two_of_three_review(demo_workflows, agents):
    assert demo_engine_workflow_seed() == "Purchase order approval"
    assert demo_engine_workflow_seed() is None  # idempotent, as make run seeds on every start
    ticket = hdts_ticket("T-PO", category="Budget Request", sub_category="Purchase Order", department="Budget Department")

    tickets_receive(deliveries=[Delivery(ticket)])

    task = Task.objects.get(ticket_number="T-PO")
    assert (task.workflow.name, task.current_step_name) == ("Purchase order approval", "Triage")
    review = next(step for step in task.workflow_version.steps if step["name"] == "Review")
    assert (review["assignees"], review["approvals_required"]) == (3, 2)
    assert task.workflow_version.calendar.timezone == "Asia/Manila"


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_three_votes_at_once_decide_the_step_exactly_once(postgres_database, callers, agents, task):
    """Real PostgreSQL: the three agents approve at the same instant; the task lock serialises them, so two votes
    count, the step is decided once, and the third finds the task moved on (409)."""
    approve = next(t for t in task.workflow_version.transitions if t["name"] == "approve")
    start, results = threading.Barrier(len(AGENTS)), {}

    def cast(user_id: int) -> None:
        start.wait()
        try:
            task_transition(task_id=task.pk, transition_id=approve["id"], notes="", actor=Actor(user_id=user_id))
            results[user_id] = "ok"
        except TaskActionError as error:
            results[user_id] = type(error).__name__
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cast, args=(user_id,)) for user_id in AGENTS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results.values()) == ["TaskConflictError", "ok", "ok"], results
    task.refresh_from_db()
    assert task.current_step_name == "Fulfil"
    assert AuditEvent.objects.filter(task=task, action="task.transitioned").count() == 1
    assert task.assignments.filter(decision="approve").count() == 2
    assert list(task.assignments.filter(status="active").values_list("user_id", flat=True)) == [30]
