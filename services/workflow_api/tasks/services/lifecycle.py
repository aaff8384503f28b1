"""Moving a task on: transitions, escalation, transfer.

Each action locks the task row first (``SELECT ... FOR UPDATE``), checks the
state it finds, then acts; a second request racing the first therefore sees
the task already moved and gets a conflict.
"""

from django.db import transaction
from django.utils import timezone

from audit.services import Actor, audit_event
from roles.selectors import member_lookup
from tasks.models import Assignment, Task
from tasks.services.assignment import AssigneePicker, Outcome, task_enter_step
from tasks.services.errors import TaskConflictError, TaskForbiddenError, TaskInputError
from tasks.services.outgoing import end_logic_messages, ticket_status_message

REJECTING_WORDS = ("reject", "deny", "decline", "refuse")


def task_state(task: Task) -> dict:
    return {"status": task.status, "step": task.current_step_name, "role": task.current_role, "resolution": task.resolution}


def _locked(task_id: int) -> Task:
    return Task.objects.select_for_update(of=("self",)).select_related("workflow_version", "workflow").get(pk=task_id)


def _active_assignment(task: Task) -> Assignment | None:
    return task.assignments.filter(status=Assignment.Status.ACTIVE).first()


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
    task = _locked(task_id)
    _require_in_progress(task)
    version = task.workflow_version
    transition = version.transition(transition_id)
    if transition is None or transition["from_step"] is None:
        raise TaskInputError("No such transition in this task's workflow.", field="transition_id")
    if transition["from_step"] != task.current_step_id:
        raise TaskConflictError(f"The task has moved on to {task.current_step_name}; reload it.")
    current = _active_assignment(task)
    if current is None or current.user_id != actor.user_id:
        raise TaskForbiddenError("Only the current assignee can move this task.")
    if transition["requires_notes"] and not notes.strip():
        raise TaskInputError(f"'{transition['name']}' needs notes.", field="notes")

    now, before, outcome = timezone.now(), task_state(task), Outcome()
    _finish(current, Assignment.Status.COMPLETED, notes, now)
    next_step = version.step(transition["to_step"])
    if next_step is None:
        task.status, task.completed_at, task.resolution = Task.Status.COMPLETED, now, resolution_of(transition["name"])
        task.current_step_id, task.current_role = None, ""
        outcome.messages.append(ticket_status_message(task, task.resolution))
        outcome.messages.extend(end_logic_messages(task, version.definition.get("end_logic", "")))
    else:
        picker = AssigneePicker({next_step["role"]: 1})
        task_enter_step(task=task, version=version, step=next_step, picker=picker, outcome=outcome, now=now, actor=actor)
    task.save()
    outcome.audit.insert(
        0,
        audit_event(
            actor=actor,
            action="task.transitioned",
            entity=task,
            before=before,
            save=False,
            after={**task_state(task), "transition": transition["name"], "transition_id": transition["id"], "notes": notes},
        ),
    )
    outcome.write()
    return task


def escalate(
    *, task: Task, current: Assignment | None, reason_text: str, actor: Actor, reason=Assignment.Reason.ESCALATION, outcome: Outcome, now
) -> Assignment | None:
    """Hand a locked task to the step's escalation role. Callers check who may."""
    version = task.workflow_version
    step = version.step(task.current_step_id)
    role = (step or {}).get("escalate_to")
    if not role:
        raise TaskConflictError(f"Step {task.current_step_name} has no role to escalate to.")
    picker = AssigneePicker({role: 1})
    member = picker.pick(role)
    if member is None:
        raise TaskConflictError(f"Nobody holds the role {role} to take this task.")
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
    )
    outcome.audit.insert(
        0,
        audit_event(
            actor=actor,
            action="task.escalated",
            entity=task,
            before=before,
            save=False,
            after={**task_state(task), "reason": reason_text, "to_role": role},
        ),
    )
    return assignment


@transaction.atomic
def task_escalate(*, task_id: int, reason: str, actor: Actor) -> Task:
    task = _locked(task_id)
    _require_in_progress(task)
    current = _active_assignment(task)
    if not actor.is_admin and (current is None or current.user_id != actor.user_id):
        raise TaskForbiddenError("Only the current assignee or an administrator can escalate this task.")
    if not reason.strip():
        raise TaskInputError("Say why the task is escalated.", field="reason")
    outcome = Outcome()
    escalate(task=task, current=current, reason_text=reason, actor=actor, outcome=outcome, now=timezone.now())
    task.save()
    outcome.write()
    return task


@transaction.atomic
def task_transfer(*, task_id: int, user_id: int, notes: str, actor: Actor) -> Task:
    """An administrator hands the task to a named TTS member."""
    task = _locked(task_id)
    if not task.is_open:
        raise TaskConflictError(f"The task is {task.status.replace('_', ' ')}; it cannot be transferred.")
    member = member_lookup(user_id)
    if member is None:
        raise TaskInputError("No active TTS member has that id.", field="user_id")
    current = _active_assignment(task)
    if current is not None and current.user_id == user_id:
        raise TaskInputError("The task is already with that person.", field="user_id")
    now, before, outcome = timezone.now(), task_state(task), Outcome()
    _finish(current, Assignment.Status.TRANSFERRED, notes, now)
    step = task.workflow_version.step(task.current_step_id)
    task_enter_step(
        task=task,
        version=task.workflow_version,
        step=step,
        picker=AssigneePicker({}),
        outcome=outcome,
        now=now,
        actor=actor,
        reason=Assignment.Reason.TRANSFER,
        member=member,
        role_name=task.current_role or step["role"],
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
            after={**task_state(task), "to_user_id": user_id, "notes": notes},
        ),
    )
    outcome.write()
    return task
