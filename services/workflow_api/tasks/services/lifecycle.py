"""Moving a task on: transitions, escalation, transfer.

Each action locks the task row first (``SELECT ... FOR UPDATE``), checks the
state it finds, then acts; a second request racing the first therefore sees
the task already moved and gets a conflict.
"""

from django.db import transaction
from django.utils import timezone

from audit.services import Actor, audit_event
from roles.selectors import member_of_roles
from tasks.models import Assignment, Task
from tasks.services.approvals import decided_transition, is_approval_step, vote_record
from tasks.services.assignment import AssigneePicker, Outcome, deciders, share_excluded, task_enter_step
from tasks.services.errors import TaskConflictError, TaskForbiddenError, TaskInputError
from tasks.services.outgoing import end_logic_messages, ticket_status_message
from tasks.services.sla_outcome import sla_outcome

REJECTING_WORDS = ("reject", "deny", "decline", "refuse")


def task_state(task: Task) -> dict:
    return {"status": task.status, "step": task.current_step_name, "role": task.current_role, "resolution": task.resolution}


def _locked(task_id: int) -> Task:
    return Task.objects.select_for_update(of=("self",)).select_related("workflow_version", "workflow").get(pk=task_id)


def _active_assignment(task: Task, user_id: int | None) -> Assignment | None:
    """The active assignment of ``user_id`` on ``task`` (None for no user)."""
    if user_id is None:
        return None
    return task.assignments.filter(status=Assignment.Status.ACTIVE, user_id=user_id).first()


def assignment_to_replace(task: Task, actor: Actor, from_user_id: int | None) -> Assignment | None:
    """Whose assignment an escalation or transfer replaces: ``from_user_id``'s when given (a 400 naming it when they
    do not hold the task), else the caller's own, else the only one; None when nobody holds the task. At an approval
    step held by several people an administrator must say whose (a 400 naming ``from_user_id``)."""
    if from_user_id is not None:
        assignment = _active_assignment(task, from_user_id)
        if assignment is None:
            raise TaskInputError("That person does not hold this task.", field="from_user_id")
        return assignment
    own = _active_assignment(task, actor.user_id)
    if own is not None:
        return own
    active = list(task.assignments.filter(status=Assignment.Status.ACTIVE).order_by("id")[:2])
    if len(active) > 1:
        raise TaskInputError("Several people hold this task; say whose assignment (from_user_id).", field="from_user_id")
    return active[0] if active else None


def _finish(assignment: Assignment | None, status: str, notes: str, now) -> None:
    if assignment is not None:
        assignment.status, assignment.finished_at, assignment.notes = status, now, notes
        assignment.save(update_fields=["status", "finished_at", "notes"])


def _require_in_progress(task: Task) -> None:
    if task.status != Task.Status.IN_PROGRESS:
        raise TaskConflictError(f"The task is {task.status.replace('_', ' ')}; it cannot be moved now.")


def resolution_of(transition_name: str) -> str:
    return "Rejected" if transition_name.strip().casefold().startswith(REJECTING_WORDS) else "Resolved"


@transaction.atomic
def task_transition(*, task_id: int, transition_id: int, notes: str, actor: Actor) -> Task:
    """The caller, an assignee of the task's current step, takes ``transition_id`` (a 400 naming ``transition_id``
    when the version has no such transition, ``notes`` when it needs notes; a 403 for anyone else; a 409 when the
    task moved on). At an approval step the transition is the caller's vote (:mod:`tasks.services.approvals`) and the
    task moves only once the step is decided."""
    task = _locked(task_id)
    _require_in_progress(task)
    version = task.workflow_version
    transition = version.transition(transition_id)
    if transition is None or transition["from_step"] is None:
        raise TaskInputError("No such transition in this task's workflow.", field="transition_id")
    if transition["from_step"] != task.current_step_id:
        raise TaskConflictError(f"The task has moved on to {task.current_step_name}; reload it.")
    current = _active_assignment(task, actor.user_id)
    if current is None:
        raise TaskForbiddenError("Only the current assignee can move this task.")
    if transition["requires_notes"] and not notes.strip():
        raise TaskInputError(f"'{transition['name']}' needs notes.", field="notes")

    now, before, outcome = timezone.now(), task_state(task), Outcome()
    step = version.step(task.current_step_id)
    vote, head = None, []  # head: this action's own audit events, before those of the step it leads to
    if is_approval_step(step):
        decision, tally = vote_record(task=task, step=step, transition=transition, assignment=current, notes=notes, now=now)
        vote = {"decision": decision, "approved": tally.approved, "rejected": tally.rejected, "required": tally.required}
        head.append(
            audit_event(
                actor=actor,
                action="task.approval_recorded",
                entity=task,
                before=before,
                save=False,
                after={**task_state(task), **vote, "transition": transition["name"], "notes": notes, "pending": tally.pending},
            )
        )
        if tally.decided is None:
            task.save()
            outcome.audit[:0] = head
            outcome.write()
            return task
        vote["outcome"] = tally.decided
        transition = decided_transition(version=version, step=step, decision=tally.decided)  # the decision, not the vote
    else:
        _finish(current, Assignment.Status.COMPLETED, notes, now)
    _follow(task=task, version=version, transition=transition, outcome=outcome, now=now, actor=actor)
    task.save()
    head.append(
        audit_event(
            actor=actor,
            action="task.transitioned",
            entity=task,
            before=before,
            save=False,
            after={
                **task_state(task),
                "transition": transition["name"],
                "transition_id": transition["id"],
                "notes": notes,
                **({"approvals": vote} if vote else {}),
            },
        )
    )
    outcome.audit[:0] = head
    outcome.write()
    return task


def _follow(*, task: Task, version, transition: dict, outcome: Outcome, now, actor: Actor) -> None:
    """Move ``task`` along ``transition``: to its next step (assigned there), or to the end (completed, with its SLA
    outcome, the help desk told, the workflow's end logic queued)."""
    next_step = version.step(transition["to_step"])
    if next_step is None:
        task.status, task.completed_at, task.resolution = Task.Status.COMPLETED, now, resolution_of(transition["name"])
        task.current_step_id, task.current_role = None, ""
        result = sla_outcome(received_at=task.received_at, completed_at=now, target=task.target_resolution, calendar=version.calendar)
        task.sla_met, task.sla_margin_seconds = result.met, result.margin_seconds
        task.resolution_open_seconds = result.resolution_open_seconds
        outcome.messages.append(ticket_status_message(task, task.resolution))
        outcome.messages.extend(end_logic_messages(task, version.definition.get("end_logic", "")))
    else:
        picker = AssigneePicker({next_step["role"]: deciders(next_step)})
        task_enter_step(task=task, version=version, step=next_step, picker=picker, outcome=outcome, now=now, actor=actor)


def escalate(
    *, task: Task, current: Assignment | None, reason_text: str, actor: Actor, reason=Assignment.Reason.ESCALATION, outcome: Outcome, now
) -> Assignment | None:
    """Hand a locked task (``current``'s share of it, at an approval step) to the step's escalation role: a member who
    does not hold the task already. Callers check who may."""
    version = task.workflow_version
    step = version.step(task.current_step_id)
    role = (step or {}).get("escalate_to")
    if not role:
        raise TaskConflictError(f"Step {task.current_step_name} has no role to escalate to.")
    picker = AssigneePicker({role: 1})
    holders = share_excluded(task)  # the one escalated from too: handing it back to them is no escalation
    member = picker.pick(role, exclude=holders)
    if member is None:
        raise TaskConflictError(f"Nobody else holds the role {role} to take this task.")
    before = task_state(task)
    _finish(current, Assignment.Status.ESCALATED, reason_text, now)
    assignment = task_enter_step(
        task=task,
        version=version,
        step=step,
        picker=picker,
        outcome=outcome,
        now=now,
        actor=actor,
        reason=reason,
        member=member,
        role_name=role,
        holders=holders,
    )
    outcome.audit.insert(
        0,
        audit_event(
            actor=actor,
            action="task.escalated",
            entity=task,
            before=before,
            save=False,
            after={**task_state(task), "reason": reason_text, "to_role": role, "from_user_id": current.user_id if current else None},
        ),
    )
    return assignment


@transaction.atomic
def task_escalate(*, task_id: int, reason: str, actor: Actor, from_user_id: int | None = None) -> Task:
    """Escalate the caller's own assignment, or (administrators) ``from_user_id``'s, or the only one."""
    task = _locked(task_id)
    _require_in_progress(task)
    if not actor.is_admin and (from_user_id is not None or _active_assignment(task, actor.user_id) is None):
        raise TaskForbiddenError("Only the current assignee or an administrator can escalate this task.")
    current = assignment_to_replace(task, actor, from_user_id)
    if not reason.strip():
        raise TaskInputError("Say why the task is escalated.", field="reason")
    outcome = Outcome()
    escalate(task=task, current=current, reason_text=reason, actor=actor, outcome=outcome, now=timezone.now())
    task.save()
    outcome.write()
    return task


def transfer_roles(task: Task, step: dict | None = None) -> list[str]:
    """The roles whose active members may take ``task`` by transfer: the role working it now (the escalation role
    after an escalation) and the step's own role, once each, that order. Empty for a task at no step."""
    if step is None and task.workflow_version_id and task.current_step_id is not None:
        step = task.workflow_version.step(task.current_step_id)
    roles: list[str] = []
    for name in (task.current_role, (step or {}).get("role", "")):
        if name and name.casefold() not in {role.casefold() for role in roles}:
            roles.append(name)
    return roles


def _roles_text(roles: list[str]) -> str:
    if not roles:
        return "(the task is at no step)"
    return roles[0] if len(roles) == 1 else f"{roles[1]} nor the escalation role {roles[0]}"


@transaction.atomic
def task_transfer(*, task_id: int, user_id: int, notes: str, actor: Actor, from_user_id: int | None = None) -> Task:
    """An administrator hands the task (``from_user_id``'s share of it at an approval step) to a named person.

    The person must be an active member of a role in :func:`transfer_roles` (the step's role, or the escalation role
    working it now), else a 400 naming ``user_id`` ("That person does not hold the step's role Agent."); someone
    already holding the task, or who has voted at the step since the task last entered it
    (:func:`tasks.services.assignment.share_excluded`), is a 400 naming ``user_id`` too. A task that is not
    ``pending`` or ``in_progress`` is a 409. The new assignment is at the role the person holds (the current role first).
    A task waiting at an approval step (held by nobody) is entered afresh, the person first: a 409 when the role still
    has fewer people than the step's K."""
    task = _locked(task_id)
    if task.status not in (Task.Status.PENDING, Task.Status.IN_PROGRESS):  # a held task is resumed first
        raise TaskConflictError(f"The task is {task.status.replace('_', ' ')}; it cannot be transferred.")
    step = task.workflow_version.step(task.current_step_id)
    roles = transfer_roles(task, step)
    member = member_of_roles(user_id, roles)
    if member is None:
        raise TaskInputError(f"That person does not hold the step's role {_roles_text(roles)}.", field="user_id")
    current = assignment_to_replace(task, actor, from_user_id)
    if user_id in share_excluded(task):
        already = (
            "The task is already with that person." if _active_assignment(task, user_id) else "That person has decided this step already."
        )
        raise TaskInputError(already, field="user_id")
    now, before, outcome = timezone.now(), task_state(task), Outcome()
    _finish(current, Assignment.Status.TRANSFERRED, notes, now)
    afresh = current is None and is_approval_step(step)  # a waiting approval step: the person and N - 1 others decide it
    entered = task_enter_step(
        task=task,
        version=task.workflow_version,
        step=step,
        picker=AssigneePicker({step["role"]: deciders(step)} if afresh else {}),
        outcome=outcome,
        now=now,
        actor=actor,
        reason=Assignment.Reason.WORKFLOW if afresh else Assignment.Reason.TRANSFER,
        member=member,
        role_name=member.role.name,
    )
    if entered is None:
        raise TaskConflictError(
            f"Step {step['name']} needs {step.get('approvals_required', 1)} people to decide it; the task waits for members."
        )
    task.save()
    outcome.audit.insert(
        0,
        audit_event(
            actor=actor,
            action="task.transferred",
            entity=task,
            before=before,
            save=False,
            after={**task_state(task), "to_user_id": user_id, "from_user_id": current.user_id if current else None, "notes": notes},
        ),
    )
    outcome.write()
    return task
