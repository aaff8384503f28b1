"""Choosing who works a step, and putting a task at a step."""

from collections import defaultdict
from collections.abc import Collection, Mapping
from datetime import datetime

from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Lower
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import SYSTEM, Actor, audit_event, audit_events_written
from roles.models import Role, RoleMember
from tasks.models import Assignment, Task
from tasks.services.outgoing import Message, assignment_messages, ticket_status_message
from tasks.services.sla import assignment_window
from tts_common.outbox.services import outbox_enqueue_many
from workflows.models import Step, WorkflowVersion

COORDINATOR_ROLE = "Ticket Coordinator"
PICK = object()  # task_enter_step's default: choose a member of the step's role


class AssigneePicker:
    """Hands out members of roles, round robin or least loaded.

    Round robin is a counter per role. The picker reserves the slots it
    needs with one atomic increment per role (``assignments_made += n``), so
    it holds no role lock while the caller works: concurrent workers get
    disjoint slots, and a reservation whose transaction is rolled back only
    skips a turn. Call it before opening a long transaction when you can.
    """

    def __init__(self, needs: Mapping[str, int]):
        wanted: dict[str, int] = defaultdict(int)
        for name, count in needs.items():
            if name:
                wanted[name.casefold()] += count
        roles = list(Role.objects.annotate(key=Lower("name")).filter(key__in=list(wanted), is_deleted=False).order_by("key", "id"))
        self._next_slot: dict[str, int] = {}
        for role in roles:
            if role.key not in self._next_slot:
                self._next_slot[role.key] = _reserve_slots(role, wanted[role.key])
        self._members: dict[str, list[RoleMember]] = defaultdict(list)
        for member in (
            RoleMember.objects.filter(role__in=roles, is_active=True, is_deleted=False).select_related("role").order_by("user_id", "id")
        ):
            self._members[member.role.name.casefold()].append(member)
        self._load: dict[int, int] | None = None

    def pick(self, role_name: str, strategy: str = Step.Strategy.ROUND_ROBIN, *, exclude: Collection[int] = ()) -> RoleMember | None:
        """A member of ``role_name`` by ``strategy``, skipping the user ids in ``exclude`` (people who already hold
        the task); None when the role has nobody else."""
        key = role_name.casefold()
        members = [member for member in self._members.get(key, ()) if member.user_id not in exclude]
        if not members or key not in self._next_slot:
            return None
        if strategy == Step.Strategy.LEAST_LOADED:
            member = min(members, key=lambda candidate: (self._active_load().get(candidate.user_id, 0), candidate.user_id))
        else:
            member = members[self._next_slot[key] % len(members)]
            self._next_slot[key] += 1
        if self._load is not None:
            self._load[member.user_id] = self._load.get(member.user_id, 0) + 1
        return member

    def _active_load(self) -> dict[int, int]:
        if self._load is None:
            user_ids = {member.user_id for members in self._members.values() for member in members}
            counts = (
                Assignment.objects.filter(status=Assignment.Status.ACTIVE, user_id__in=user_ids)
                .values("user_id")
                .annotate(active=Count("id"))
            )
            self._load = {row["user_id"]: row["active"] for row in counts}
        return self._load


def _reserve_slots(role: Role, count: int) -> int:
    """The first of ``count`` round-robin slots of ``role``, reserved atomically."""
    with transaction.atomic():
        Role.objects.filter(pk=role.pk).update(assignments_made=F("assignments_made") + count)
        end = Role.objects.filter(pk=role.pk).values_list("assignments_made", flat=True).get()
    return end - count


class Outcome:
    """What putting tasks at steps produced: rows and messages to write together."""

    def __init__(self) -> None:
        self.assignments: list[Assignment] = []
        self.audit: list = []
        self.messages: list[Message] = []

    def write(self) -> None:
        Assignment.objects.bulk_create(self.assignments)
        AuditEvent.objects.bulk_create(self.audit)
        outbox_enqueue_many(self.messages)
        audit_events_written(self.audit)


def deciders(step: dict) -> int:
    """N: how many people decide ``step`` (a version deployed before K-of-N approvals: 1)."""
    return int(step.get("assignees", 1))


def share_excluded(task: Task) -> set[int]:
    """The user ids never handed another share of ``task``'s current step: whoever holds the task now, and whoever
    has decided the step (a vote at a K-of-N step) since the task last entered it. One person, one vote: every way a
    task reaches a person besides the workflow's own entry (reassignment, transfer and its candidates, escalation by
    hand or by the SLA sweep) excludes them; when nobody else is left, that way behaves as for an empty role."""
    voted = Q(step_id=task.current_step_id) & ~Q(decision="")
    if task.step_entered_at is not None:
        voted &= Q(assigned_at__gte=task.step_entered_at)
    return set(task.assignments.filter(Q(status=Assignment.Status.ACTIVE) | voted).values_list("user_id", flat=True))


def task_enter_step(
    *,
    task: Task,
    version: WorkflowVersion,
    step: dict,
    picker: AssigneePicker,
    outcome: Outcome,
    now: datetime,
    actor: Actor = SYSTEM,
    reason: str = Assignment.Reason.WORKFLOW,
    member=PICK,
    role_name: str | None = None,
    announce: bool | None = None,
    holders: Collection[int] = (),
) -> Assignment | None:
    """Move ``task`` (saved, and locked unless just created) to ``step`` and assign it; the caller saves the task row.

    ``member`` is chosen from the step's role unless given (``None``: already
    looked, nobody holds it). Without a member the task waits as ``pending``
    and is assigned when someone joins the role; but a share of a K-of-N step
    that nobody else can take is dropped while others still hold shares (they
    decide the step without it). The help desk is told "In
    Progress" when the task was not in progress before (``announce`` overrides).

    Entering a step by the workflow (``reason`` workflow) at a K-of-N step assigns N different members (``member``,
    when given, is the first), as many as the role has when fewer, and none (the task waits) when fewer than the
    step's K; any other entry (escalation, transfer, release) replaces one person and assigns one,
    never one of ``holders`` (:func:`share_excluded`: who holds the task or has voted at the step). Returns the
    first new assignment. A task on hold stays on hold (its targets move when it is resumed).
    """
    role_name = role_name or step["role"]
    held = task.status == Task.Status.ON_HOLD
    announce = task.status not in (Task.Status.IN_PROGRESS, Task.Status.ON_HOLD) if announce is None else announce
    task.current_step_id, task.current_step_name, task.current_role = step["id"], step["name"], role_name
    if reason == Assignment.Reason.WORKFLOW:
        task.step_entered_at = now
    strategy = step.get("assignment_strategy", Step.Strategy.ROUND_ROBIN)
    wanted = deciders(step) if reason == Assignment.Reason.WORKFLOW else 1
    chosen: list = []
    if member is PICK:
        member = picker.pick(role_name, strategy, exclude=holders)
    if member is not None:
        chosen.append(member)
        while len(chosen) < wanted and (more := picker.pick(role_name, strategy, exclude={*holders, *(m.user_id for m in chosen)})):
            chosen.append(more)
    if reason == Assignment.Reason.WORKFLOW and len(chosen) < int(step.get("approvals_required", 1)):
        chosen = []  # fewer people than the K a step needs could never approve it: it waits, as for an empty role
    if not chosen:
        # a share nobody else can take, at a step others still decide, is dropped: they decide it without it
        others_decide = reason != Assignment.Reason.WORKFLOW and task.assignments.filter(status=Assignment.Status.ACTIVE).exists()
        task.status = Task.Status.PENDING if not (held or others_decide) else task.status
        outcome.audit.append(
            audit_event(actor=actor, action="task.waiting", entity=task, save=False, after={"step": step["name"], "role": role_name})
        )
        return None
    target, warning = assignment_window(
        sla=version.definition["sla"],
        priority=task.priority,
        step_weight=step["weight"],
        total_weight=version.total_weight(),
        assigned_at=now,
        calendar=version.calendar,
    )
    task.status = Task.Status.ON_HOLD if held else Task.Status.IN_PROGRESS
    assignments = [
        _assign(task=task, step=step, role_name=role_name, member=chosen_member, reason=reason, now=now, target=target, warning=warning)
        for chosen_member in chosen
    ]
    for assignment in assignments:
        outcome.assignments.append(assignment)
        outcome.audit.append(
            audit_event(
                actor=actor,
                action="task.assigned",
                entity=task,
                save=False,
                after={
                    "step": step["name"],
                    "role": role_name,
                    "user_id": assignment.user_id,
                    "user_email": assignment.user_email,
                    "reason": reason,
                    "target_resolution": target.isoformat(),
                },
            )
        )
        outcome.messages.extend(assignment_messages(task, assignment))
    if announce:
        outcome.messages.append(ticket_status_message(task, "In Progress"))
    return assignments[0]


def _assign(*, task: Task, step: dict, role_name: str, member, reason: str, now: datetime, target, warning) -> Assignment:
    return Assignment(
        task=task,
        step_id=step["id"],
        step_name=step["name"],
        role_name=role_name,
        user_id=member.user_id,
        user_email=member.user_email,
        user_full_name=member.user_full_name,
        reason=reason,
        assigned_at=now,
        target_resolution=target,
        sla_warning_at=warning,
    )


def waiting_tasks_assign(*, role_name: str, batch: int = 500) -> int:
    """Someone joined ``role_name``: assign every task that was waiting for it, a batch per transaction."""
    total = 0
    while assigned := _assign_waiting_batch(role_name, batch):
        total += assigned
    return total


def _assign_waiting_batch(role_name: str, limit: int) -> int:
    now = timezone.now()
    with transaction.atomic():
        waiting = list(
            Task.objects.select_for_update(of=("self",))
            .filter(status=Task.Status.PENDING, current_role__iexact=role_name)
            .select_related("workflow_version")
            .order_by("id")[:limit]
        )
        if not waiting:
            return 0
        picker = AssigneePicker({role_name: sum(deciders(task.workflow_version.step(task.current_step_id) or {}) for task in waiting)})
        outcome = Outcome()
        assigned = []
        for task in waiting:
            step = task.workflow_version.step(task.current_step_id)
            if task_enter_step(
                task=task, version=task.workflow_version, step=step, picker=picker, outcome=outcome, now=now, role_name=task.current_role
            ):
                assigned.append(task)
        Task.objects.bulk_update(assigned, ["status", "step_entered_at", "updated_at"])
        outcome.write()
    return len(assigned)
