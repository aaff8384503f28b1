"""One deployed workflow per demo category: Triage -> Resolve -> Finalize."""

from django.db import transaction

from audit.services import SYSTEM
from tts_common.demo_catalogue import DEMO_CATEGORIES, DEMO_SLA_SECONDS
from workflows.models import Workflow
from workflows.services import workflow_create, workflow_deploy

STEPS = [
    {
        "name": "Triage",
        "role": "Ticket Coordinator",
        "weight": 1,
        "escalate_to": "Admin",
        "instruction": "Check the ticket is complete and belongs here; approve to start the work or reject it.",
    },
    {
        "name": "Resolve",
        "role": "Agent",
        "weight": 3,
        "escalate_to": "Ticket Coordinator",
        "instruction": "Do the work the ticket asks for, then approve; reject sends it back to triage.",
    },
    {
        "name": "Finalize",
        "role": "{finalize_role}",
        "weight": 1,
        "escalate_to": "Admin",
        "instruction": "Confirm the outcome with the requester; approve closes the ticket, reject reopens the work.",
    },
]
TRANSITIONS = [
    {"from_step": None, "to_step": "Triage", "name": "start"},
    {"from_step": "Triage", "to_step": "Resolve", "name": "approve"},
    {"from_step": "Triage", "to_step": None, "name": "reject", "requires_notes": True},
    {"from_step": "Resolve", "to_step": "Finalize", "name": "approve"},
    {"from_step": "Resolve", "to_step": "Triage", "name": "reject", "requires_notes": True},
    {"from_step": "Finalize", "to_step": None, "name": "approve"},
    {"from_step": "Finalize", "to_step": "Resolve", "name": "reject", "requires_notes": True},
]


@transaction.atomic
def demo_workflows_seed() -> list[str]:
    """Create and deploy the missing demo workflows; leaves existing ones alone."""
    created = []
    for entry in DEMO_CATEGORIES:
        name = f"{entry['category']} workflow"
        if Workflow.objects.filter(name=name).exists():
            continue
        workflow = workflow_create(
            actor=SYSTEM,
            name=name,
            description=f"Demo workflow for {entry['category']} tickets.",
            category=entry["category"],
            sub_category="",
            department=entry["department"],
            end_logic=entry["end_logic"],
            sla=dict(DEMO_SLA_SECONDS),
            steps=[{**step, "role": step["role"].format(finalize_role=entry["finalize_role"])} for step in STEPS],
            transitions=TRANSITIONS,
        )
        workflow_deploy(actor=SYSTEM, workflow=workflow)
        created.append(name)
    return created
