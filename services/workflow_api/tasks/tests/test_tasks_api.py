"""Tasks over the API for anonymous, agent (own tasks), other agent and administrator."""

import pytest
from rest_framework.test import APIClient

from intake.services import Delivery, tickets_receive
from tasks.models import Task
from tests.factories import add_member, client_for, hdts_ticket
from tts_common.outbox.models import OutboxMessage
from tts_common.routing import AMS_CHECKOUT, CREATE_INAPP_NOTIFICATION, SEND_ASSIGNMENT_NOTIFICATION, SEND_TICKET_STATUS
from tts_common.testing import access_token_for
from tts_common.testing_messages import outbox_read_back

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(demo_workflows):
    tickets_receive(deliveries=[Delivery(hdts_ticket("T-1"))])
    return Task.objects.get(ticket_number="T-1")


def transitions(client, task_id):
    return {t["name"]: t for t in client.get(f"/tasks/{task_id}/").json()["available_transitions"]}


def take(client, task_id, name, notes=""):
    return client.post(
        f"/tasks/{task_id}/transition/", {"transition_id": transitions(client, task_id)[name]["id"], "notes": notes}, format="json"
    )


def walk_to_resolve(callers, task_id):
    """Coordinator approves triage; returns the agent client now holding the task."""
    assert take(callers["coordinator"], task_id, "approve").status_code == 200
    holder = Task.objects.get(pk=task_id).assignments.get(status="active").user_id
    return callers["agent"] if holder == 10 else callers["other_agent"]


@pytest.mark.parametrize(
    ("caller", "status", "count"), [("anonymous", 401, None), ("agent", 200, 0), ("coordinator", 200, 1), ("admin", 200, 1)]
)
def test_who_sees_a_task(callers, task, caller, status, count):
    response = callers[caller].get("/tasks/")

    assert response.status_code == status
    if count is not None:
        assert response.json()["count"] == count
        assert callers[caller].get(f"/tasks/{task.id}/").status_code == (200 if count else 404)


def test_the_task_detail_has_the_contract_fields(callers, task):
    body = callers["coordinator"].get(f"/tasks/{task.id}/").json()

    assert {
        "ticket_number",
        "ticket",
        "workflow",
        "current_step",
        "status",
        "priority",
        "assignments",
        "available_transitions",
        "target_resolution",
        "history",
    } <= body.keys()
    assert body["current_step"]["name"] == "Triage"
    assert body["assignments"][0]["user_id"] == 20 and body["assignments"][0]["target_resolution"]
    assert [t["name"] for t in body["available_transitions"]] == ["approve", "reject"]
    assert body["history"][0]["action"] == "task.created"
    assert [s["current"] for s in body["steps"]["steps"]] == [True, False, False]


def test_an_agent_once_assigned_still_sees_the_task(callers, task):
    agent = walk_to_resolve(callers, task.id)
    take(agent, task.id, "approve")

    assert agent.get(f"/tasks/{task.id}/").status_code == 200
    assert agent.get("/tasks/?mine=true").json()["count"] == 0
    assert agent.get("/tasks/").json()["count"] == 1


def test_only_the_current_assignee_moves_the_task(callers, task):
    approve = transitions(callers["coordinator"], task.id)["approve"]["id"]

    as_admin = callers["admin"].post(f"/tasks/{task.id}/transition/", {"transition_id": approve}, format="json")

    assert as_admin.status_code == 403
    assert as_admin.json()["code"] == "permission_denied"
    assert as_admin.json()["detail"] == "Only the current assignee can move this task."
    assert transitions(callers["admin"], task.id) == {}


def test_a_transition_that_is_no_longer_current_is_a_conflict(callers, task):
    approve = transitions(callers["coordinator"], task.id)["approve"]["id"]
    first = callers["coordinator"].post(f"/tasks/{task.id}/transition/", {"transition_id": approve}, format="json")
    again = callers["coordinator"].post(f"/tasks/{task.id}/transition/", {"transition_id": approve}, format="json")

    assert first.status_code == 200
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"
    assert again.json()["code"] == "conflict"
    assert "moved on" in again.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field"), [({}, "transition_id"), ({"transition_id": "x"}, "transition_id"), ({"transition_id": 999999}, "transition_id")]
)
def test_bad_transition_input_names_the_field(callers, task, body, field):
    response = callers["coordinator"].post(f"/tasks/{task.id}/transition/", body, format="json")

    assert response.status_code == 400 and field in response.json()["errors"]


def test_reject_needs_notes_and_completes_the_task_as_rejected(callers, task):
    assert take(callers["coordinator"], task.id, "reject").json()["errors"] == {"notes": ["'reject' needs notes."]}

    response = take(callers["coordinator"], task.id, "reject", notes="Duplicate of T-0")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["resolution"]) == ("completed", "Rejected")
    assert [m.args for m in OutboxMessage.objects.filter(task_name=SEND_TICKET_STATUS)][-1] == ["T-1", "Rejected"]


def test_a_full_walk_resolves_the_ticket_and_runs_the_end_logic(callers, replica):
    from workflows.demo import demo_workflows_seed

    demo_workflows_seed()
    tickets_receive(
        deliveries=[Delivery(hdts_ticket("T-7", category="Asset Request", department="Asset Department", sub_category="New Laptop"))]
    )
    task = Task.objects.get(ticket_number="T-7")

    agent = walk_to_resolve(callers, task.id)
    assert take(agent, task.id, "approve").json()["current_step"]["role"] == "Asset Manager"
    final = take(client_for(30, "Asset Manager"), task.id, "approve").json()

    assert (final["status"], final["resolution"], final["current_step"]) == ("completed", "Resolved", None)
    statuses = [m.args[1] for m in OutboxMessage.objects.filter(task_name=SEND_TICKET_STATUS).order_by("id")]
    assert statuses == ["In Progress", "Resolved"]
    [checkout] = OutboxMessage.objects.filter(task_name=AMS_CHECKOUT)
    assert checkout.args[0]["ticket_number"] == "T-7"
    read = dict(outbox_read_back(task_name__in=[AMS_CHECKOUT, SEND_TICKET_STATUS]))  # as the AMS and ticket_mock read them
    assert (read[AMS_CHECKOUT].ticket_number, read[AMS_CHECKOUT].ticket["category"]) == ("T-7", "Asset Request")
    assert read[SEND_TICKET_STATUS].new_status == "Resolved"
    assert {task_name for task_name, _ in outbox_read_back()} >= {SEND_ASSIGNMENT_NOTIFICATION, CREATE_INAPP_NOTIFICATION}
    actions = [event["action"] for event in final["history"]]
    assert actions.count("task.transitioned") == 3 and actions.count("task.assigned") == 3


def test_escalation_goes_to_the_steps_escalation_role(callers, task):
    agent = walk_to_resolve(callers, task.id)

    no_reason = agent.post(f"/tasks/{task.id}/escalate/", {"reason": " "}, format="json")
    escalated = agent.post(f"/tasks/{task.id}/escalate/", {"reason": "Needs a part"}, format="json")

    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    assert escalated.status_code == 200
    holder = escalated.json()["assignee"]
    assert holder["user_id"] == 20  # Resolve escalates to the Ticket Coordinator
    assert [a["status"] for a in escalated.json()["assignments"]][-2:] == ["escalated", "active"]


def test_someone_else_cannot_escalate(callers, task):
    assert callers["agent"].post(f"/tasks/{task.id}/escalate/", {"reason": "x"}, format="json").status_code == 404
    assert callers["admin"].post(f"/tasks/{task.id}/escalate/", {"reason": "stuck"}, format="json").status_code == 200


@pytest.mark.parametrize(("caller", "expected"), [("agent", 403), ("coordinator", 403), ("admin", 200)])
def test_transfer_is_for_administrators(callers, task, caller, expected):
    add_member(21, "Ticket Coordinator")
    response = callers[caller].post(f"/tasks/{task.id}/transfer/", {"user_id": 21, "notes": "covering"}, format="json")

    assert response.status_code == expected
    if expected == 200:
        assert response.json()["assignee"]["user_id"] == 21
        assert response.json()["assignments"][0]["status"] == "transferred"


@pytest.mark.parametrize(
    ("user_id", "message"),
    [(999, "does not hold the step's role Ticket Coordinator"), (11, "does not hold the step's role"), (20, "already with that person")],
)
def test_a_bad_transfer_names_user_id(callers, task, user_id, message):
    response = callers["admin"].post(f"/tasks/{task.id}/transfer/", {"user_id": user_id}, format="json")

    assert response.status_code == 400
    assert message in response.json()["errors"]["user_id"][0]


def test_filters(callers, demo_workflows):
    tickets_receive(
        deliveries=[
            Delivery(hdts_ticket("T-1", priority="Low")),
            Delivery(hdts_ticket("T-2", priority="Critical")),
            Delivery(hdts_ticket("T-3", category="Unknown")),
        ]
    )
    admin = callers["admin"]

    def numbers(query):
        return sorted(t["ticket_number"] for t in admin.get(f"/tasks/{query}").json()["results"])

    assert numbers("?priority=Critical") == ["T-2"]
    assert numbers("?status=unmatched") == ["T-3"]
    assert numbers("?ticket_number=T-1") == ["T-1"]
    assert numbers("?search=t-2") == ["T-2"]
    assert numbers("?breached=true") == []
    assert callers["coordinator"].get("/tasks/?mine=true").json()["count"] == 2


def test_listing_tasks_does_not_grow_queries_with_the_page(callers, demo_workflows, django_assert_num_queries):
    tickets_receive(deliveries=[Delivery(hdts_ticket(f"T-{n}")) for n in range(3)])
    with django_assert_num_queries(5):  # savepoint, count, tasks with workflow and version, assignments, release
        callers["admin"].get("/tasks/?page_size=100")
    tickets_receive(deliveries=[Delivery(hdts_ticket(f"U-{n}")) for n in range(30)])
    with django_assert_num_queries(5):
        assert len(callers["admin"].get("/tasks/?page_size=100").json()["results"]) == 33


def test_a_token_without_a_tts_role_reads_nothing(task):
    outsider = APIClient()
    outsider.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token_for(user_id=99, roles=[{'system': 'hdts', 'role': 'Admin'}])}")

    assert outsider.get("/tasks/").status_code == 403
    assert outsider.get("/workflows/").status_code == 403
    assert outsider.get("/roles/").status_code == 403


def test_ordering_by_priority_rank(callers, demo_workflows):
    tickets_receive(deliveries=[Delivery(hdts_ticket(f"T-{p}", priority=p)) for p in ("Low", "Critical", "Medium", "High")])

    ordered = [t["priority"] for t in callers["admin"].get("/tasks/?ordering=-priority_rank").json()["results"]]

    assert ordered == ["Critical", "High", "Medium", "Low"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("status=closed", "status"),
        ("priority=Urgent", "priority"),
        ("priority=low", "priority"),
        ("mine=yes", "mine"),
        ("breached=494", "breached"),
        ("workflow=abc", "workflow"),
        ("search=" + "x" * 201, "search"),
    ],
)
def test_a_bad_task_filter_is_a_400_naming_it(callers, demo_workflows, query, parameter):
    response = callers["admin"].get(f"/tasks/?{query}")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [parameter]


def test_the_priority_filter_takes_the_four_priorities(callers, demo_workflows):
    tickets_receive(deliveries=[Delivery(hdts_ticket("T-HIGH", priority="High")), Delivery(hdts_ticket("T-LOW", priority="Low"))])

    response = callers["admin"].get("/tasks/?priority=High")

    assert response.status_code == 200
    assert [task["ticket_number"] for task in response.json()["results"]] == ["T-HIGH"]
