"""Workflow definitions over the API: nested writes, deploy validation, versions, permissions."""

import pytest

from intake.services import Delivery, tickets_receive
from tasks.models import Task
from workflows.models import Workflow

pytestmark = pytest.mark.django_db

NEW = {
    "name": "Laptop repair",
    "description": "Fix laptops",
    "category": "Hardware",
    "sub_category": "Laptop",
    "department": "IT",
    "end_logic": "asset",
    "sla": {"low": 4000, "medium": 3000, "high": 2000, "urgent": 1000},
    "steps": [
        {"name": "Diagnose", "role": "Agent", "weight": 2, "escalate_to": "Ticket Coordinator"},
        {"name": "Approve", "role": "Asset Manager", "assignment_strategy": "least_loaded"},
    ],
    "transitions": [
        {"from_step": None, "to_step": "Diagnose", "name": "start"},
        {"from_step": "Diagnose", "to_step": "Approve", "name": "approve"},
        {"from_step": "Approve", "to_step": None, "name": "approve"},
        {"from_step": "Approve", "to_step": None, "name": "reject", "requires_notes": True},
    ],
}


@pytest.mark.parametrize(("caller", "read", "write"), [("anonymous", 401, 401), ("agent", 200, 403), ("admin", 200, 201)])
def test_workflows_are_read_by_members_and_written_by_administrators(callers, caller, read, write):
    assert callers[caller].get("/workflows/").status_code == read
    assert callers[caller].post("/workflows/", NEW, format="json").status_code == write


def test_a_workflow_is_written_with_its_steps_and_transitions_in_one_request(callers):
    body = callers["admin"].post("/workflows/", NEW, format="json").json()

    assert body["status"] == "draft" and body["version"] is None
    assert [(s["name"], s["role"], s["order"]) for s in body["steps"]] == [("Diagnose", "Agent", 0), ("Approve", "Asset Manager", 1)]
    assert [(t["from_step_name"], t["to_step_name"], t["name"]) for t in body["transitions"]] == [
        (None, "Diagnose", "start"),
        ("Diagnose", "Approve", "approve"),
        ("Approve", None, "approve"),
        ("Approve", None, "reject"),
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"transitions": [{"from_step": "Nowhere", "to_step": None, "name": "x"}]}, "transitions"),
        ({"steps": [{"name": "A", "role": "Agent"}, {"name": "A", "role": "Agent"}], "transitions": []}, "steps"),
        ({"sla": {"low": 1}}, "sla"),
        ({"end_logic": "teleport"}, "end_logic"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_definitions_name_the_field(callers, change, field):
    response = callers["admin"].post("/workflows/", {**NEW, **change}, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_deploy_refuses_a_broken_graph_and_says_why(callers):
    broken = {**NEW, "transitions": [{"from_step": None, "to_step": "Diagnose", "name": "start"}]}
    workflow_id = callers["admin"].post("/workflows/", broken, format="json").json()["id"]

    response = callers["admin"].post(f"/workflows/{workflow_id}/deploy/")

    assert response.status_code == 400
    problems = response.json()["problems"]
    assert "step 'Approve' cannot be reached from the start" in problems
    assert "no end can be reached from step 'Diagnose'" in problems


def test_deploy_and_pause_are_for_administrators(callers):
    workflow_id = callers["admin"].post("/workflows/", NEW, format="json").json()["id"]

    assert callers["agent"].post(f"/workflows/{workflow_id}/deploy/").status_code == 403
    deployed = callers["admin"].post(f"/workflows/{workflow_id}/deploy/")
    assert deployed.status_code == 200
    assert deployed.json()["status"] == "deployed" and deployed.json()["version"] == 1
    assert callers["admin"].post(f"/workflows/{workflow_id}/pause/").json()["status"] == "paused"


def test_editing_a_deployed_workflow_leaves_running_tasks_on_their_version(callers, replica):
    from intake.services import Delivery, tickets_receive
    from tests.factories import hdts_ticket

    workflow_id = callers["admin"].post("/workflows/", NEW, format="json").json()["id"]
    callers["admin"].post(f"/workflows/{workflow_id}/deploy/")
    tickets_receive(deliveries=[Delivery(hdts_ticket("T-1", category="Hardware", sub_category="Laptop", department="IT"))])

    edited = (
        callers["admin"]
        .patch(
            f"/workflows/{workflow_id}/",
            {
                "steps": [{"name": "Only", "role": "Agent"}],
                "transitions": [
                    {"from_step": None, "to_step": "Only", "name": "start"},
                    {"from_step": "Only", "to_step": None, "name": "done"},
                ],
            },
            format="json",
        )
        .json()
    )
    redeployed = callers["admin"].post(f"/workflows/{workflow_id}/deploy/").json()

    assert edited["has_undeployed_changes"] is True
    assert redeployed["version"] == 2 and redeployed["has_undeployed_changes"] is False
    task = Task.objects.get(ticket_number="T-1")
    assert task.workflow_version.number == 1
    assert task.current_step_name == "Diagnose"
    detail = callers["admin"].get(f"/tasks/{task.id}/").json()
    assert [step["name"] for step in detail["steps"]["steps"]] == ["Diagnose", "Approve"]


def test_steps_and_transitions_one_by_one_mark_the_workflow_changed(callers):
    workflow_id = callers["admin"].post("/workflows/", NEW, format="json").json()["id"]
    callers["admin"].post(f"/workflows/{workflow_id}/deploy/")

    step = callers["admin"].post("/steps/", {"workflow": workflow_id, "name": "Review", "role": "Admin"}, format="json")
    as_agent = callers["agent"].post("/steps/", {"workflow": workflow_id, "name": "Sneaky", "role": "Admin"}, format="json")

    assert step.status_code == 201 and as_agent.status_code == 403
    assert Workflow.objects.get(pk=workflow_id).has_undeployed_changes is True
    other = callers["admin"].post("/workflows/", {**NEW, "name": "Other"}, format="json").json()
    cross = callers["admin"].post(
        "/transitions/", {"workflow": workflow_id, "from_step": other["steps"][0]["id"], "to_step": None, "name": "x"}, format="json"
    )
    assert cross.status_code == 400 and "from_step" in cross.json()["errors"]


def test_every_change_to_a_workflow_is_audited(callers):
    workflow_id = callers["admin"].post("/workflows/", NEW, format="json").json()["id"]
    callers["admin"].patch(f"/workflows/{workflow_id}/", {"description": "Fix all laptops"}, format="json")
    callers["admin"].post(f"/workflows/{workflow_id}/deploy/")

    events = callers["admin"].get(f"/audit/?workflow={workflow_id}").json()["results"]

    assert [event["action"] for event in reversed(events)] == ["workflow.created", "workflow.updated", "workflow.deployed"]
    updated = next(event for event in events if event["action"] == "workflow.updated")
    assert updated["before"]["description"] == "Fix laptops" and updated["after"]["description"] == "Fix all laptops"
    assert updated["actor_user_id"] == 1
    assert callers["agent"].get("/audit/").status_code == 403


def test_a_workflow_tasks_ran_on_is_kept_and_others_can_go(callers, replica):
    from tests.factories import hdts_ticket

    used = callers["admin"].post("/workflows/", NEW, format="json").json()["id"]
    unused = callers["admin"].post("/workflows/", {**NEW, "name": "Spare"}, format="json").json()["id"]
    callers["admin"].post(f"/workflows/{used}/deploy/")
    tickets_receive(deliveries=[Delivery(hdts_ticket("T-1", category="Hardware", sub_category="Laptop", department="IT"))])

    assert callers["admin"].delete(f"/workflows/{used}/").status_code == 409
    assert callers["agent"].delete(f"/workflows/{unused}/").status_code == 403
    assert callers["admin"].delete(f"/workflows/{unused}/").status_code == 204
    assert callers["admin"].get("/audit/?action=workflow.deleted").json()["count"] == 1
