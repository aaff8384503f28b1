"""One person, one vote at a K-of-N step: whoever holds a share of the step or has voted since the task last entered
it is never handed another share (reassignment, transfer and its candidates, escalation by hand or by the SLA sweep),
and a second vote by the same person in the same visit is refused whatever the shares say. A step short of people
is decided by the decision, never by the vote that happened to close it.

The workflow is test_approvals' "Purchase approval" (Approve: Agent, N=3, K=2, escalation to Admin) unless a test
changes it; agents 10, 11 and 12 hold Agent, administrator 1 alone holds Admin.
"""

from datetime import timedelta

import pytest
from django.db.models import F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.services import Delivery, tickets_receive
from roles.models import Role
from tasks.models import Assignment, Task
from tasks.services.approvals import APPROVE, REJECT
from tasks.services.assignment import waiting_tasks_assign
from tasks.services.sla_sweep import sla_sweep
from tasks.tests.test_approvals import AGENTS, PURCHASE, T0, deploy, vote
from tasks.tests.test_reassignment import membership_sync
from tests.factories import add_member, client_for, hdts_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def agents(replica):
    add_member(12, "Agent", email="agent.c@example.com")
    return {user_id: client_for(user_id, "Agent") for user_id in AGENTS}


def purchase_task(callers, monkeypatch, number="T-BUY", **step_changes) -> Task:
    monkeypatch.setattr("django.utils.timezone.now", lambda: T0)
    deploy(callers, {**PURCHASE, "steps": [{**PURCHASE["steps"][0], **step_changes}, PURCHASE["steps"][1]]})
    return receive(number)


def receive(number: str) -> Task:
    tickets_receive(deliveries=[Delivery(hdts_ticket(number, category="Purchasing", sub_category="", department="Finance"))])
    return Task.objects.get(ticket_number=number)


def shares(task) -> list[int]:
    return sorted(task.assignments.filter(status="active").values_list("user_id", flat=True))


def votes_of(task, user_id) -> int:
    return task.assignments.filter(user_id=user_id).exclude(decision="").count()


@pytest.mark.parametrize(("free_agent", "turn"), [(None, 0), (13, 0), (13, 1)])
def test_a_released_share_never_goes_to_someone_who_voted(callers, agents, monkeypatch, free_agent, turn):
    """Whoever's turn it is in the round robin (``turn`` shifts it), the voter is skipped."""
    task = purchase_task(callers, monkeypatch)
    if free_agent:
        add_member(free_agent, "Agent")
    Role.objects.filter(name="Agent").update(assignments_made=F("assignments_made") + turn)
    assert vote(agents[11], task, "approve").status_code == 200

    membership_sync(12, "Agent")  # agent 12 deactivated: their share is released

    assert shares(task) == sorted([10, *([free_agent] if free_agent else [])])  # never 11 again
    task.refresh_from_db()
    assert task.status == Task.Status.IN_PROGRESS  # with nobody free the share is dropped; 10 still decides
    assert vote(agents[10], task, "approve").status_code == 200
    task.refresh_from_db()
    assert task.current_step_name == "Fulfil" and votes_of(task, 11) == 1


def test_a_transfer_to_someone_who_voted_is_refused_and_they_are_no_candidate(callers, agents, monkeypatch):
    task = purchase_task(callers, monkeypatch)
    add_member(13, "Agent")
    assert vote(agents[10], task, "approve").status_code == 200

    refused = callers["admin"].post(f"/tasks/{task.id}/transfer/", {"user_id": 10, "from_user_id": 12}, format="json")

    assert refused.status_code == 400
    assert refused.json()["errors"] == {"user_id": ["That person has decided this step already."]}
    listed = callers["admin"].get(f"/tasks/{task.id}/transfer-candidates/").json()
    assert [person["user_id"] for person in listed["results"]] == [13]
    assert shares(task) == [11, 12]


def test_the_sla_sweep_never_escalates_a_share_to_someone_who_voted(callers, replica, monkeypatch):
    """Agent has only 10 and 11; the step needs both (N=K=2) and escalates to Agent itself."""
    task = purchase_task(callers, monkeypatch, assignees=2, approvals_required=2, escalate_to="Agent")
    assert shares(task) == [10, 11]
    monkeypatch.setattr("django.utils.timezone.now", lambda: T0 + timedelta(minutes=5))
    assert vote(client_for(10, "Agent"), task, "approve").status_code == 200

    result = sla_sweep(now=T0 + timedelta(hours=21))

    assert (result.breached, result.escalated) == (1, 0)  # nobody else: 11's share stays with 11
    assert shares(task) == [11] and votes_of(task, 10) == 1
    assert task.assignments.filter(user_id=10, status="active").count() == 0


def test_an_administrator_cannot_escalate_a_share_to_themselves(callers, agents, monkeypatch):
    task = purchase_task(callers, monkeypatch)
    first = callers["admin"].post(f"/tasks/{task.id}/escalate/", {"reason": "stuck", "from_user_id": 10}, format="json")
    assert first.status_code == 200 and shares(task) == [1, 11, 12]

    again = callers["admin"].post(f"/tasks/{task.id}/escalate/", {"reason": "still stuck"}, format="json")

    assert again.status_code == 409
    assert shares(task) == [1, 11, 12]
    assert not task.assignments.filter(user_id=1, status="escalated").exists()


def test_a_second_vote_by_the_same_person_in_one_visit_is_refused_whatever_the_shares(callers, agents, monkeypatch):
    task = purchase_task(callers, monkeypatch)
    assert vote(agents[10], task, "approve").status_code == 200
    cast = task.assignments.get(user_id=10)
    Assignment.objects.create(  # a second share, however it came about (data written by an older release)
        task=task,
        step_id=cast.step_id,
        step_name=cast.step_name,
        role_name="Agent",
        user_id=10,
        user_email=cast.user_email,
        assigned_at=T0 + timedelta(minutes=1),
    )

    again = vote(agents[10], task, "approve")

    assert again.status_code == 409 and "already" in again.json()["detail"]
    task.refresh_from_db()
    assert task.current_step_name == "Approve" and votes_of(task, 10) == 1


def test_a_step_that_can_no_longer_reach_k_is_rejected_by_the_transition_it_decided(callers, agents, monkeypatch):
    """11 is deactivated with nobody free to take the share; 10 rejected, so 12's approval leaves 1 of 2 out of reach."""
    task = purchase_task(callers, monkeypatch)
    assert vote(agents[10], task, "reject", "no budget").status_code == 200
    membership_sync(11, "Agent")
    assert shares(task) == [12]

    closing = vote(agents[12], task, "approve")

    assert closing.status_code == 200, closing.json()
    task.refresh_from_db()
    assert (task.status, task.resolution) == (Task.Status.COMPLETED, "Rejected")
    body = callers["admin"].get(f"/tasks/{task.id}/").json()
    decided = next(e for e in body["history"] if e["action"] == "task.transitioned")
    assert decided["after"]["transition"] == "reject"
    assert decided["after"]["approvals"] == {"decision": APPROVE, "outcome": REJECT, "approved": 1, "rejected": 1, "required": 2}


def test_a_step_entered_with_fewer_people_than_k_waits_for_members(callers, agents, monkeypatch):
    """4 of 4 deployed with four agents; one is deactivated before the ticket comes: it waits, nobody votes in vain."""
    add_member(13, "Agent")
    monkeypatch.setattr("django.utils.timezone.now", lambda: T0)
    deploy(callers, {**PURCHASE, "steps": [{**PURCHASE["steps"][0], "assignees": 4, "approvals_required": 4}, PURCHASE["steps"][1]]})
    membership_sync(13, "Agent")

    task = receive("T-SHORT")

    assert (task.status, shares(task)) == (Task.Status.PENDING, [])
    add_member(14, "Agent")
    waiting_tasks_assign(role_name="Agent")
    task.refresh_from_db()
    assert (task.status, shares(task)) == (Task.Status.IN_PROGRESS, [10, 11, 12, 14])


def test_a_step_short_of_n_but_not_of_k_is_decided_by_those_it_has(callers, agents, monkeypatch):
    """3 of 4 needed... N=4, K=3 deployed with four agents, one gone: three shares, all must approve."""
    add_member(13, "Agent")
    monkeypatch.setattr("django.utils.timezone.now", lambda: T0)
    deploy(callers, {**PURCHASE, "steps": [{**PURCHASE["steps"][0], "assignees": 4, "approvals_required": 3}, PURCHASE["steps"][1]]})
    membership_sync(13, "Agent")
    task = receive("T-FEW")
    assert shares(task) == [10, 11, 12]

    assert vote(agents[10], task, "reject", "no").status_code == 200

    task.refresh_from_db()
    assert (task.status, task.resolution) == (Task.Status.COMPLETED, "Rejected")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(votes=st.lists(st.sampled_from([APPROVE, REJECT]), min_size=2, max_size=2))
def test_whatever_the_votes_the_transition_taken_is_the_decision_recorded(callers, agents, monkeypatch, votes):
    """One of three shares released with nobody free (as when 12 leaves): 10 and 11 decide 2 of 3 between them."""
    if not Task.objects.exists():
        purchase_task(callers, monkeypatch, number="T-0")
    task = receive(f"T-{Task.objects.count()}")
    task.assignments.filter(user_id=12).update(status=Assignment.Status.TRANSFERRED)
    for user_id, decision in zip((10, 11), votes, strict=True):
        task.refresh_from_db()
        if task.status != Task.Status.IN_PROGRESS or task.current_step_name != "Approve":
            break
        assert vote(agents[user_id], task, decision, "because").status_code == 200
    task.refresh_from_db()
    body = callers["admin"].get(f"/tasks/{task.id}/").json()
    decided = next(e for e in body["history"] if e["action"] == "task.transitioned")
    outcome = REJECT if REJECT in votes else APPROVE
    assert decided["after"]["transition"] == outcome == decided["after"]["approvals"]["outcome"]
    if outcome == APPROVE:
        assert (task.status, task.current_step_name) == (Task.Status.IN_PROGRESS, "Fulfil")
    else:
        assert (task.status, task.resolution) == (Task.Status.COMPLETED, "Rejected")


def test_a_transfer_of_a_waiting_approval_task_enters_the_step_afresh_or_says_it_waits(callers, agents, monkeypatch):
    """3 of 3 with agent 12 gone: the task waits; a transfer to 10 cannot make three deciders out of two (409), and
    once 13 holds Agent (before the waiting tasks are handed out) the transfer gives 10 and two others a share."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: T0)
    deploy(callers, {**PURCHASE, "steps": [{**PURCHASE["steps"][0], "approvals_required": 3}, PURCHASE["steps"][1]]})
    membership_sync(12, "Agent")
    task = receive("T-WAIT")
    assert task.status == Task.Status.PENDING
    transfer = f"/tasks/{task.id}/transfer/"

    short = callers["admin"].post(transfer, {"user_id": 10}, format="json")

    assert short.status_code == 409 and "needs 3 people" in short.json()["detail"]
    assert shares(task) == []
    monkeypatch.setattr("tasks.services.assignment.waiting_tasks_assign", lambda **kwargs: 0)
    add_member(13, "Agent")
    task.refresh_from_db()
    assert task.status == Task.Status.PENDING

    done = callers["admin"].post(transfer, {"user_id": 10}, format="json")

    assert done.status_code == 200, done.json()
    assert shares(task) == [10, 11, 13] and done.json()["approval"]["pending"] == 3
