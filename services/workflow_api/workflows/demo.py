"""One deployed workflow per demo category (Triage -> Resolve -> Finalize), and one that shows the engine's
business-hours calendar and a 2-of-3 approval (:data:`PURCHASE_ORDER_APPROVAL`, the example of docs/api.md)."""

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


OFFICE_HOURS = {
    "timezone": "Asia/Manila",
    "hours": {**{day: [["08:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}, "sat": [], "sun": []},
    "holidays": ["2026-12-25", "2026-12-30", "2027-01-01"],
}
HOURS = 3600
PURCHASE_ORDER_APPROVAL = {
    "name": "Purchase order approval",
    "description": "Purchase orders, in office hours (Mon-Fri 08:00-17:00, Manila): two of three agents must approve.",
    "category": "Budget Request",
    "sub_category": "Purchase Order",
    "department": "Budget Department",
    "end_logic": "budget",
    "sla": {"low": 40 * HOURS, "medium": 24 * HOURS, "high": 8 * HOURS, "urgent": 4 * HOURS},
    "calendar": OFFICE_HOURS,
    "steps": [
        {
            "name": "Triage",
            "role": "Ticket Coordinator",
            "weight": 1,
            "escalate_to": "Admin",
            "instruction": "Check the order names the supplier, the amount and the cost centre; approve to send it for review.",
        },
        {
            "name": "Review",
            "role": "Agent",
            "weight": 2,
            "escalate_to": "Admin",
            "assignees": 3,
            "approvals_required": 2,
            "instruction": "Approve if the purchase is needed and priced fairly; reject with the reason. Two approvals pass it.",
        },
        {
            "name": "Finalize",
            "role": "Budget Manager",
            "weight": 1,
            "escalate_to": "Admin",
            "instruction": "Book the order against the budget; approve closes the ticket, reject sends it back for review.",
        },
    ],
    "transitions": [
        {"from_step": None, "to_step": "Triage", "name": "start"},
        {"from_step": "Triage", "to_step": "Review", "name": "approve"},
        {"from_step": "Triage", "to_step": None, "name": "reject", "requires_notes": True},
        {"from_step": "Review", "to_step": "Finalize", "name": "approve"},
        {"from_step": "Review", "to_step": None, "name": "reject", "requires_notes": True},
        {"from_step": "Finalize", "to_step": None, "name": "approve"},
        {"from_step": "Finalize", "to_step": "Review", "name": "reject", "requires_notes": True},
    ],
}


@transaction.atomic
def demo_engine_workflow_seed() -> str | None:
    """Create and deploy :data:`PURCHASE_ORDER_APPROVAL` unless it exists; its name when created.

    Deployed without the role-size check: ``make run`` seeds before auth's role sync has filled the replica
    (auth's demo has three Agents, so the 2-of-3 step can be staffed once it arrives).
    """
    definition = PURCHASE_ORDER_APPROVAL
    if Workflow.objects.filter(name=definition["name"]).exists():
        return None
    workflow = workflow_create(actor=SYSTEM, **definition)
    workflow_deploy(actor=SYSTEM, workflow=workflow, check_members=False)
    return workflow.name
