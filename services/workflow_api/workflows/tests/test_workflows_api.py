"""Workflow definitions over the API: nested writes, deploy validation, versions, permissions."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
    assert response.json()["code"] == "workflow_invalid"
    assert response.json()["detail"] == "The workflow cannot be deployed."
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

    refused = callers["admin"].delete(f"/workflows/{used}/")
    assert refused.status_code == 409 and refused.json()["code"] == "workflow_in_use"
    assert callers["agent"].delete(f"/workflows/{unused}/").status_code == 403
    assert callers["admin"].delete(f"/workflows/{unused}/").status_code == 204
    assert callers["admin"].get("/audit/?action=workflow.deleted").json()["count"] == 1


def test_a_workflow_is_answered_with_ids_where_it_was_written_with_names(callers):
    body = callers["admin"].post("/workflows/", NEW, format="json").json()

    ids = {step["name"]: step["id"] for step in body["steps"]}
    assert all(step["workflow"] == body["id"] for step in body["steps"])
    assert [(t["from_step"], t["to_step"]) for t in body["transitions"]] == [
        (None, ids["Diagnose"]),
        (ids["Diagnose"], ids["Approve"]),
        (ids["Approve"], None),
        (ids["Approve"], None),
    ]
    assert body["steps"][0]["weight"] == "2.00"


def test_a_partial_update_answers_the_whole_workflow(callers):
    created = callers["admin"].post("/workflows/", NEW, format="json").json()

    body = callers["admin"].patch(f"/workflows/{created['id']}/", {"description": "Fix all laptops"}, format="json").json()

    assert body["version"] is None
    assert [t["from_step_name"] for t in body["transitions"]] == [None, "Diagnose", "Approve", "Approve"]
    assert set(body) == set(created)


def test_a_patched_transition_keeps_its_null_step_names(callers):
    """DRF skipped from_step_name (a dotted source with a default) in every PATCH answer; the schema requires it."""
    start = callers["admin"].post("/workflows/", NEW, format="json").json()["transitions"][0]

    body = callers["admin"].patch(f"/transitions/{start['id']}/", {"name": "begin"}, format="json").json()

    assert body["from_step_name"] is None and body["to_step_name"] == "Diagnose" and body["name"] == "begin"


@pytest.mark.parametrize(
    ("graph", "errors"),
    [
        ({"steps": [{"role": "Agent"}], "transitions": []}, {"steps": {"0": {"name": ["This field is required."]}}}),
        (
            {"steps": [{"name": "A", "role": "Agent"}], "transitions": [{"from_step": None, "to_step": "A"}]},
            {"transitions": {"0": {"name": ["This field is required."]}}},
        ),
    ],
)
def test_a_patch_still_writes_steps_and_transitions_whole(callers, graph, errors):
    """DRF skips missing fields under a partial serializer: a step without a name was a 500 (KeyError)."""
    workflow_id = callers["admin"].post("/workflows/", NEW, format="json").json()["id"]

    response = callers["admin"].patch(f"/workflows/{workflow_id}/", graph, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == errors
    assert [step.name for step in Workflow.objects.get(pk=workflow_id).steps.all()] == ["Diagnose", "Approve"]


@pytest.mark.parametrize("weight", [2, 2.5, "2.50"])
def test_a_weight_is_a_number_or_a_decimal_string(callers, weight):
    body = {**NEW, "steps": [{**NEW["steps"][0], "weight": weight}, NEW["steps"][1]]}

    response = callers["admin"].post("/workflows/", body, format="json")

    assert response.status_code == 201
    assert response.json()["steps"][0]["weight"] == f"{float(weight):.2f}"


@pytest.mark.parametrize("weight", [0, -1, "abc", True, 10000])
def test_a_weight_that_is_not_a_positive_decimal_is_refused(callers, weight):
    body = {**NEW, "steps": [{**NEW["steps"][0], "weight": weight}, NEW["steps"][1]]}

    response = callers["admin"].post("/workflows/", body, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]["steps"]["0"]) == ["weight"]


def test_a_form_body_is_refused_as_unsupported(callers):
    """Nested steps and transitions have no form encoding: a multipart workflow used to be saved with no steps."""
    response = callers["admin"].post("/workflows/", {"name": "Form", "category": "c", "department": "d"}, format="multipart")

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


_names = itertools.count()
# Any text a person could type, trimmed as DRF trims it.
STEP_NAME = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=12).map(str.strip).filter(bool)
STEP_NAMES = st.lists(STEP_NAME, min_size=1, max_size=6, unique=True)


@st.composite
def graphs(draw):
    """Steps with unique names and transitions naming them (None: the start or the end), as the console writes them."""
    names = draw(STEP_NAMES)
    ends = st.one_of(st.none(), st.sampled_from(names))
    transitions = draw(
        st.lists(
            st.fixed_dictionaries({"from_step": ends, "to_step": ends, "name": st.sampled_from(["go", "approve", "reject"])}), max_size=8
        )
    )
    return [{"name": name, "role": "Agent"} for name in names], transitions


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(graph=graphs())
def test_any_graph_written_by_step_names_reads_back_by_ids_naming_the_same_steps(callers, graph):
    steps, transitions = graph
    body = {**NEW, "name": f"Graph {next(_names)}", "steps": steps, "transitions": transitions}

    created = callers["admin"].post("/workflows/", body, format="json")

    assert created.status_code == 201, created.json()
    answered = created.json()
    name_of = {step["id"]: step["name"] for step in answered["steps"]}
    assert [step["name"] for step in answered["steps"]] == [step["name"] for step in steps]
    assert [(name_of.get(t["from_step"]), name_of.get(t["to_step"]), t["name"]) for t in answered["transitions"]] == [
        (t["from_step"], t["to_step"], t["name"]) for t in transitions
    ]
    assert [(t["from_step_name"], t["to_step_name"]) for t in answered["transitions"]] == [
        (t["from_step"], t["to_step"]) for t in transitions
    ]
