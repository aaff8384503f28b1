"""Writing workflow definitions, deploying and pausing them. Every change is audited."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Lower

from audit.services import Actor, audit_event
from roles.models import RoleMember
from tts_common.errors import Conflict, DomainError
from workflows.models import Step, Transition, Workflow, WorkflowVersion
from workflows.validation import approval_problems, calendar_problems, graph_problems, reachability_problems, sla_problems

WORKFLOW_FIELDS = ("name", "description", "category", "sub_category", "department", "end_logic", "sla", "calendar")


class WorkflowInvalidError(DomainError):
    """Deploy refused: a 400 ``workflow_invalid`` whose ``problems`` extension member names each problem."""

    code = "workflow_invalid"

    def __init__(self, problems: list[str]):
        super().__init__("The workflow cannot be deployed.", extra={"problems": problems})
        self.problems = problems


class WorkflowInUseError(Conflict):
    """Tasks ran on the workflow: it is kept for them (pause it instead). A 409 ``workflow_in_use``."""

    code = "workflow_in_use"


def workflow_summary(workflow: Workflow) -> dict:
    return {field: getattr(workflow, field) for field in (*WORKFLOW_FIELDS, "status")}


def _replace_graph(workflow: Workflow, steps: list[dict], transitions: list[dict]) -> None:
    """Steps and transitions written in one request; transitions name their steps."""
    workflow.transitions.all().delete()
    workflow.steps.all().delete()
    by_name = {}
    for position, step in enumerate(steps):
        created = Step.objects.create(workflow=workflow, **{"order": position, **step})
        by_name[created.name] = created
    for transition in transitions:
        Transition.objects.create(
            workflow=workflow,
            from_step=by_name[transition["from_step"]] if transition.get("from_step") else None,
            to_step=by_name[transition["to_step"]] if transition.get("to_step") else None,
            name=transition["name"],
            requires_notes=transition.get("requires_notes", False),
        )


@transaction.atomic
def workflow_create(*, actor: Actor, steps: list[dict] | None = None, transitions: list[dict] | None = None, **fields) -> Workflow:
    workflow = Workflow.objects.create(created_by=actor.user_id, **fields)
    if steps is not None:
        _replace_graph(workflow, steps, transitions or [])
    audit_event(actor=actor, action="workflow.created", entity=workflow, workflow=workflow, after=workflow_summary(workflow))
    return workflow


@transaction.atomic
def workflow_update(
    *, actor: Actor, workflow: Workflow, steps: list[dict] | None = None, transitions: list[dict] | None = None, **fields
) -> Workflow:
    before = workflow_summary(workflow)
    for field, value in fields.items():
        setattr(workflow, field, value)
    workflow.has_undeployed_changes = True
    workflow.save()
    if steps is not None:
        _replace_graph(workflow, steps, transitions or [])
    audit_event(actor=actor, action="workflow.updated", entity=workflow, workflow=workflow, before=before, after=workflow_summary(workflow))
    return workflow


def workflow_touched(*, actor: Actor, workflow: Workflow, what: str, before=None, after=None) -> None:
    """A step or transition of ``workflow`` changed: it now differs from its deployed version."""
    Workflow.objects.filter(pk=workflow.pk).update(has_undeployed_changes=True)
    audit_event(actor=actor, action=f"workflow.{what}", entity=workflow, workflow=workflow, before=before, after=after)


def definition_of(workflow: Workflow) -> dict:
    steps = list(workflow.steps.order_by("order", "id"))
    transitions = list(workflow.transitions.order_by("id"))
    return {
        **{field: getattr(workflow, field) for field in WORKFLOW_FIELDS},
        "steps": [
            {
                "id": step.id,
                "name": step.name,
                "role": step.role,
                "order": step.order,
                "weight": str(Decimal(step.weight)),
                "instruction": step.instruction,
                "escalate_to": step.escalate_to or None,
                "assignment_strategy": step.assignment_strategy,
                "assignees": step.assignees,
                "approvals_required": step.approvals_required,
                "approve_transition": step.approve_transition,
                "reject_transition": step.reject_transition,
            }
            for step in steps
        ],
        "transitions": [
            {"id": t.id, "from_step": t.from_step_id, "to_step": t.to_step_id, "name": t.name, "requires_notes": t.requires_notes}
            for t in transitions
        ],
    }


def _active_member_counts(steps: list[dict]) -> dict[str, int]:
    """Active members per role name (casefolded) of the roles that approval steps name."""
    roles = {step["role"].casefold() for step in steps if step.get("assignees", 1) > 1}
    if not roles:
        return {}
    rows = (
        RoleMember.objects.filter(is_active=True, is_deleted=False, role__is_deleted=False)
        .annotate(role_key=Lower("role__name"))
        .filter(role_key__in=roles)
        .values("role_key")
        .annotate(members=Count("user_id", distinct=True))
    )
    return {row["role_key"]: row["members"] for row in rows}


def deploy_problems(workflow: Workflow, definition: dict, *, check_members: bool = True) -> list[str]:
    """Why ``definition`` cannot be deployed, each problem naming its key or step; ``[]`` when it can.
    ``check_members``: also require each approval step's role to have at least N active members."""
    problems = sla_problems(workflow.sla) + calendar_problems(workflow.calendar) + reachability_problems(workflow.sla, workflow.calendar)
    problems += graph_problems(definition["steps"], definition["transitions"])
    members = _active_member_counts(definition["steps"]) if check_members else None
    problems += approval_problems(definition["steps"], definition["transitions"], active_members=members)
    for step in definition["steps"]:
        if not step["role"].strip():
            problems.append(f"step '{step['name']}' has no role")
        if Decimal(step["weight"]) <= 0:
            problems.append(f"step '{step['name']}' needs a positive weight")
    return problems


@transaction.atomic
def workflow_deploy(*, actor: Actor, workflow: Workflow, check_members: bool = True) -> WorkflowVersion:
    """Freeze the workflow into its next version; a 400 ``workflow_invalid`` listing every problem otherwise."""
    workflow = Workflow.objects.select_for_update().get(pk=workflow.pk)
    definition = definition_of(workflow)
    problems = deploy_problems(workflow, definition, check_members=check_members)
    if problems:
        raise WorkflowInvalidError(problems)
    before = workflow_summary(workflow)
    number = (workflow.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = WorkflowVersion.objects.create(workflow=workflow, number=number, definition=definition, deployed_by=actor.user_id)
    workflow.status = Workflow.Status.DEPLOYED
    workflow.current_version = version
    workflow.has_undeployed_changes = False
    workflow.save(update_fields=["status", "current_version", "has_undeployed_changes", "updated_at"])
    audit_event(
        actor=actor,
        action="workflow.deployed",
        entity=workflow,
        workflow=workflow,
        before=before,
        after={**workflow_summary(workflow), "version": number},
    )
    return version


@transaction.atomic
def workflow_delete(*, actor: Actor, workflow: Workflow) -> None:
    if workflow.tasks.exists():
        raise WorkflowInUseError("Tasks ran on this workflow, so it is kept for their record; pause it instead.")
    audit_event(actor=actor, action="workflow.deleted", entity=workflow, before=workflow_summary(workflow))
    workflow.delete()


@transaction.atomic
def workflow_pause(*, actor: Actor, workflow: Workflow) -> Workflow:
    before = workflow_summary(workflow)
    workflow.status = Workflow.Status.PAUSED
    workflow.save(update_fields=["status", "updated_at"])
    audit_event(actor=actor, action="workflow.paused", entity=workflow, workflow=workflow, before=before, after=workflow_summary(workflow))
    return workflow
