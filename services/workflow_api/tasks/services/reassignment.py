"""The work a person leaves: open assignments of someone who lost a role or was deactivated.

auth restates each TTS membership of a user whose activity changes (one
``tts.user_system_role.sync`` per membership, ``is_active`` false), and one
membership when a role is revoked. workflow_api cannot tell a deactivation
from a revocation by the message alone, so it reads its replica once the
message is applied:

- the person still holds the role (another membership): nothing moves;
- the person holds other TTS roles: the tasks held *at that role* move, with
  reason ``role_revoked``;
- the person holds no TTS role at all: every task they hold moves, whatever
  its role, with reason ``assignee_deactivated``.

Each task goes to another member of its current role by the step's
assignment rule (round robin or least loaded), or back to ``pending`` when
nobody holds the role (``waiting_tasks_assign`` hands it out when someone
joins). The state is re-read under the task lock, so a message delivered
twice finds nothing left to move.
"""

from collections import Counter
from typing import Literal

from django.db import transaction
from django.utils import timezone

from audit.services import SYSTEM, audit_event
from roles.models import RoleMember
from tasks.models import Assignment, Task
from tasks.services.assignment import AssigneePicker, Outcome, share_excluded, task_enter_step

ReleaseReason = Literal["assignee_deactivated", "role_revoked"]
RELEASE_NOTES: dict[str, str] = {
    "assignee_deactivated": "Released: the assignee no longer holds any TTS role (deactivated).",
    "role_revoked": "Released: the assignee no longer holds the role {role}.",
}


def _holds(user_id: int, role_name: str | None = None) -> bool:
    members = RoleMember.objects.filter(user_id=user_id, is_active=True, is_deleted=False, role__is_deleted=False)
    if role_name is not None:
        members = members.filter(role__name__iexact=role_name)
    return members.exists()


def member_departure_release(*, user_id: int, role_name: str) -> int:
    """``user_id``'s membership of ``role_name`` was just made inactive or deleted in the replica: move the work it leaves.

    Returns the number of tasks moved (to another member or to ``pending``).
    Call it in the transaction that applied the membership change.
    """
    if _holds(user_id, role_name):
        return 0
    if _holds(user_id):
        return assignments_release(user_id=user_id, role_name=role_name, reason="role_revoked")
    return assignments_release(user_id=user_id, role_name=None, reason="assignee_deactivated")


@transaction.atomic
def assignments_release(*, user_id: int, role_name: str | None, reason: ReleaseReason) -> int:
    """Hand each in-progress or held task that ``user_id`` holds (at ``role_name``, any case; every role when None) to someone else.

    Per task: the active assignment ends as ``transferred`` (its notes say
    why), an audit event ``task.reassigned`` records ``reason`` with the
    people before and after (``to_user_id`` null when the task went back to
    ``pending``), then the task enters its current step again as a transfer
    would: a new assignment, ``task.assigned`` (or ``task.waiting``), and the
    new assignee's e-mail and in-app notifications through the outbox. The
    help desk's ticket status is not touched. Returns the number of tasks moved.

    Precondition: ``user_id`` no longer holds the role(s) in the replica
    (``member_departure_release`` checks it), or the picker may hand a task
    straight back to them. Locks the tasks (``SELECT ... FOR UPDATE``, in id order) and re-reads
    their active assignment, so it is safe to run twice or alongside a
    transition: a task that moved meanwhile is skipped.
    """
    held = Assignment.objects.filter(user_id=user_id, status=Assignment.Status.ACTIVE)
    if role_name is not None:
        held = held.filter(role_name__iexact=role_name)
    task_ids = list(held.values_list("task_id", flat=True))
    if not task_ids:
        return 0
    tasks = list(
        Task.objects.select_for_update(of=("self",))
        .filter(pk__in=task_ids, status__in=[Task.Status.IN_PROGRESS, Task.Status.ON_HOLD])
        .select_related("workflow_version")
        .order_by("id")
    )
    current_by_task = {
        assignment.task_id: assignment
        for assignment in Assignment.objects.filter(task__in=tasks, status=Assignment.Status.ACTIVE, user_id=user_id)
    }
    tasks = [task for task in tasks if task.pk in current_by_task]
    if role_name is not None:
        tasks = [task for task in tasks if current_by_task[task.pk].role_name.casefold() == role_name.casefold()]
    if not tasks:
        return 0
    picker = AssigneePicker(Counter(task.current_role for task in tasks))
    outcome, now = Outcome(), timezone.now()
    for task in tasks:
        _release_one(task=task, current=current_by_task[task.pk], reason=reason, picker=picker, outcome=outcome, now=now)
    outcome.write()
    return len(tasks)


def _release_one(*, task: Task, current: Assignment, reason: str, picker: AssigneePicker, outcome: Outcome, now) -> None:
    status_before = task.status
    current.status, current.finished_at = Assignment.Status.TRANSFERRED, now
    current.notes = RELEASE_NOTES[reason].format(role=current.role_name)
    current.save(update_fields=["status", "finished_at", "notes"])
    version = task.workflow_version
    step = version.step(task.current_step_id)
    role_name = task.current_role or step["role"]
    reassigned = audit_event(actor=SYSTEM, action="task.reassigned", entity=task, save=False)
    outcome.audit.append(reassigned)
    new = task_enter_step(
        task=task,
        version=version,
        step=step,
        picker=picker,
        outcome=outcome,
        now=now,
        reason=Assignment.Reason.TRANSFER,
        role_name=role_name,
        announce=False,
        holders=share_excluded(task),
    )
    reassigned.before = {"status": status_before, "assignee": current.user_full_name or current.user_email}
    reassigned.after = {
        "status": task.status,
        "assignee": (new.user_full_name or new.user_email) if new else None,
        "reason": reason,
        "role": role_name,
        "from_user_id": current.user_id,
        "from_user_email": current.user_email,
        "to_user_id": new.user_id if new else None,
        "to_user_email": new.user_email if new else None,
    }
    task.save(update_fields=["status", "updated_at"])
