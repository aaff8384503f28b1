"""The task list names each ticket's category, sub-category and department, and says why an unmatched one matched
nothing."""

import pytest

from intake.services import Delivery, tickets_receive
from tasks.models import Task
from tests.factories import hdts_ticket
from workflows.models import Workflow

pytestmark = pytest.mark.django_db


def unmatched(callers) -> dict[str, dict]:
    results = callers["admin"].get("/tasks/?status=unmatched").json()["results"]
    return {task["ticket_number"]: task for task in results}


def test_every_task_names_its_category_sub_category_and_department(callers, demo_workflows):
    tickets_receive(deliveries=[Delivery(hdts_ticket("T-1")), Delivery(hdts_ticket("T-2", sub_category=None, subcategory="Software"))])

    tasks = {t["ticket_number"]: t for t in callers["admin"].get("/tasks/").json()["results"]}

    assert {key: tasks["T-1"][key] for key in ("category", "sub_category", "department")} == {
        "category": "IT Support",
        "sub_category": "Hardware",
        "department": "IT Department",
    }
    assert tasks["T-2"]["sub_category"] == "Software"
    assert tasks["T-1"]["unmatched_reason"] is None


def test_an_unmatched_ticket_says_which_field_found_no_workflow(callers, demo_workflows):
    tickets_receive(
        deliveries=[
            Delivery(hdts_ticket("T-CAT", category="Catering")),
            Delivery(hdts_ticket("T-DEPT", department="Finance Department")),
            Delivery(hdts_ticket("T-NONE", category="")),
        ]
    )

    tasks = unmatched(callers)

    assert tasks["T-CAT"]["unmatched_reason"] == "No workflow handles the category 'Catering'."
    assert tasks["T-CAT"]["category"] == "Catering"
    assert tasks["T-DEPT"]["unmatched_reason"] == (
        "No workflow handles 'IT Support' for the department 'Finance Department' (only for IT Department)."
    )
    assert tasks["T-NONE"]["unmatched_reason"].startswith("The ticket has no category")


def test_a_workflow_that_would_match_but_is_not_deployed_is_named(callers, demo_workflows):
    workflow = Workflow.objects.get(category="IT Support")
    Workflow.objects.filter(pk=workflow.pk).update(status=Workflow.Status.PAUSED)
    tickets_receive(deliveries=[Delivery(hdts_ticket("T-1"))])

    reason = unmatched(callers)["T-1"]["unmatched_reason"]
    assert reason == f"No deployed workflow takes it: {workflow.name!r} (paused) would, once deployed."

    Workflow.objects.filter(pk=workflow.pk).update(status=Workflow.Status.DEPLOYED)

    assert unmatched(callers)["T-1"]["unmatched_reason"] == (
        f"The workflow {workflow.name!r} takes it now; it was not deployed when the ticket arrived."
    )


def test_a_sub_category_no_workflow_covers_lists_those_covered(callers, demo_workflows):
    Workflow.objects.filter(category="IT Support").update(sub_category="Hardware")
    tickets_receive(deliveries=[Delivery(hdts_ticket("T-1", sub_category="Network"))])

    reason = unmatched(callers)["T-1"]["unmatched_reason"]

    assert reason == "No workflow of 'IT Support' in 'IT Department' takes the sub-category 'Network' (they cover Hardware)."
    assert Task.objects.get(ticket_number="T-1").status == Task.Status.UNMATCHED


def test_the_reasons_of_a_page_read_the_workflows_once(callers, demo_workflows, django_assert_num_queries):
    tickets_receive(deliveries=[Delivery(hdts_ticket(f"T-{n}", category=f"Unknown {n}")) for n in range(8)])

    with django_assert_num_queries(6):  # savepoint, count, tasks, assignments, the workflows, release
        body = callers["admin"].get("/tasks/?status=unmatched").json()

    assert len({task["unmatched_reason"] for task in body["results"]}) == 8
