import pytest

from audit.services import SYSTEM
from workflows.selectors import DeployedWorkflows
from workflows.services import workflow_create, workflow_deploy, workflow_pause

pytestmark = pytest.mark.django_db
SLA = {"low": 400, "medium": 300, "high": 200, "urgent": 100}
STEPS = [{"name": "Work", "role": "Agent"}]
TRANSITIONS = [{"from_step": None, "to_step": "Work", "name": "start"}, {"from_step": "Work", "to_step": None, "name": "done"}]


def deployed(name, department="IT", category="Hardware", sub_category=""):
    workflow = workflow_create(
        actor=SYSTEM,
        name=name,
        category=category,
        sub_category=sub_category,
        department=department,
        sla=SLA,
        steps=STEPS,
        transitions=TRANSITIONS,
    )
    return workflow_deploy(actor=SYSTEM, workflow=workflow).workflow


def match(department="IT", category="Hardware", sub_category="Laptop"):
    version = DeployedWorkflows.load().match(department=department, category=category, sub_category=sub_category)
    return version.workflow.name if version else None


def test_an_exact_sub_category_beats_a_blank_one():
    deployed("any hardware")
    deployed("laptops", sub_category="Laptop")

    assert match(sub_category="Laptop") == "laptops"
    assert match(sub_category="Printer") == "any hardware"


def test_department_and_category_must_both_match_ignoring_case_and_spaces():
    deployed("it hardware")

    assert match(department=" it ", category="HARDWARE") == "it hardware"
    assert match(department="HR") is None
    assert match(category="Software") is None


def test_only_deployed_workflows_receive_tickets():
    workflow = deployed("paused one")
    workflow_pause(actor=SYSTEM, workflow=workflow)
    workflow_create(actor=SYSTEM, name="draft one", category="Hardware", department="IT", sla=SLA, steps=STEPS, transitions=TRANSITIONS)

    assert match() is None
