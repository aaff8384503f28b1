"""K-of-N approval steps (issue 13, item 3): N people decide a step, K approvals move the task on.

A step with ``assignees`` N > 1 is an approval step (``approvals_required`` K, 1 <= K <= N). Entering it by the
workflow assigns N different members of its role (:func:`tasks.services.assignment.task_enter_step`). Each assignee
takes the step's transitions for themselves: their assignment ends ``completed`` with a ``decision`` (approve or
reject) and their notes. The transition named by the step's ``approve_transition`` (default ``approve``) counts as
approval and the one named by ``reject_transition`` (default ``reject``) as rejection (names compared without case).
The task follows the approve transition once K have approved, and the reject transition as soon as K can no longer
be reached (approved + still undecided < K); then the other assignments close (``cancelled``). Deploy checks the rest
(:func:`workflows.validation.approval_problems`): K <= N, N <= the role's active members, and the step's outgoing
transitions are exactly its approve and reject ones. The same rule is used in BPMN multi-instance tasks with a
completion condition, and in RT's and GLPI's approvals by several validators.

Votes count from when the task last entered the step (``Task.step_entered_at``), so a task that comes back to the
step is decided afresh.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from tasks.models import Assignment, Task
from tasks.services.assignment import deciders
from tasks.services.errors import TaskConflictError, TaskInputError

APPROVE, REJECT = Assignment.Decision.APPROVE.value, Assignment.Decision.REJECT.value
DEFAULT_TRANSITION_NAMES = {APPROVE: "approve", REJECT: "reject"}


def is_approval_step(step: dict | None) -> bool:
    return step is not None and deciders(step) > 1


def transition_name_for(step: dict, decision: str) -> str:
    """The name of ``step``'s transition that casts ``decision`` (``approve`` or ``reject``)."""
    return step.get(f"{decision}_transition") or DEFAULT_TRANSITION_NAMES[decision]


def decision_of(step: dict, transition: dict) -> str:
    """What taking ``transition`` at approval step ``step`` votes; a 400 naming ``transition_id`` for any other."""
    name = transition["name"].strip().casefold()
    for decision in (APPROVE, REJECT):
        if name == transition_name_for(step, decision).strip().casefold():
            return decision
    raise TaskInputError(f"At {step['name']} each person approves or rejects; '{transition['name']}' is neither.", field="transition_id")


@dataclass(frozen=True)
class Tally:
    """The votes at an approval step: ``required`` K of ``assignees`` N; ``pending`` assignees yet to decide."""

    assignees: int
    required: int
    approved: int
    rejected: int
    pending: int

    @property
    def decided(self) -> str | None:
        """``approve`` once K approved, ``reject`` once K cannot be reached, else None."""
        if self.approved >= self.required:
            return APPROVE
        if self.approved + self.pending < self.required:
            return REJECT
        return None


def tally_of(task: Task, step: dict, assignments: Iterable[Assignment]) -> Tally:
    """The tally of ``step`` from ``assignments`` (the task's, e.g. prefetched); only votes cast since the task
    last entered the step count."""
    votes, pending = {APPROVE: 0, REJECT: 0}, 0
    for assignment in assignments:
        if assignment.status == Assignment.Status.ACTIVE:
            pending += 1
        elif assignment.decision and assignment.step_id == step["id"] and _since_entry(task, assignment):
            votes[assignment.decision] += 1
    return Tally(
        assignees=deciders(step),
        required=int(step.get("approvals_required", 1)),
        approved=votes[APPROVE],
        rejected=votes[REJECT],
        pending=pending,
    )


def _votes_since_entry(task: Task, step: dict):
    votes = task.assignments.filter(step_id=step["id"]).exclude(decision="")
    return votes if task.step_entered_at is None else votes.filter(assigned_at__gte=task.step_entered_at)


def decided_transition(*, version, step: dict, decision: str) -> dict:
    """The transition out of approval step ``step`` that ``decision`` (the tally's) takes."""
    name = transition_name_for(step, decision).strip().casefold()
    return next(t for t in version.transitions if t["from_step"] == step["id"] and t["name"].strip().casefold() == name)


def _since_entry(task: Task, assignment: Assignment) -> bool:
    return task.step_entered_at is None or assignment.assigned_at >= task.step_entered_at


def vote_record(*, task: Task, step: dict, transition: dict, assignment: Assignment, notes: str, now) -> tuple[str, Tally]:
    """``assignment`` (the caller's, active, on the locked ``task``) casts its vote by taking ``transition``.

    Returns the decision cast and the tally after it. When the tally decides the step, the other active
    assignments close (``cancelled``, their notes say how it was decided); the caller then follows the step's
    transition for ``tally.decided`` (:func:`decided_transition`), which need not be the one voted: an approval that
    leaves K out of reach (a step short of people) rejects. A 409 when this person has voted at the step since the
    task last entered it, by another share of it.
    """
    decision = decision_of(step, transition)
    if _votes_since_entry(task, step).filter(user_id=assignment.user_id).exists():  # whatever shares they were handed
        raise TaskConflictError(f"You have decided {step['name']} already; one person casts one vote at an approval step.")
    assignment.status, assignment.finished_at, assignment.notes, assignment.decision = Assignment.Status.COMPLETED, now, notes, decision
    assignment.save(update_fields=["status", "finished_at", "notes", "decision"])
    tally = tally_of(task, step, task.assignments.all())
    if tally.decided is not None:
        outcome = "approved" if tally.decided == APPROVE else "rejected"
        task.assignments.filter(status=Assignment.Status.ACTIVE).update(
            status=Assignment.Status.CANCELLED,
            finished_at=now,
            notes=f"Closed: the step was {outcome} ({tally.approved} approved, {tally.rejected} rejected; {tally.required} needed).",
        )
    return decision, tally
