"""Reading tasks: who may see which, and what the caller may do next."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from audit.services import Actor
from tasks.models import Assignment, Task


def task_list_for(actor: Actor) -> QuerySet[Task]:
    """Administrators see every task; anyone else the tasks they hold or once held."""
    tasks = Task.objects.select_related("workflow", "workflow_version").prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.order_by("id"))
    )
    if actor.is_admin:
        return tasks
    return tasks.filter(Exists(Assignment.objects.filter(task=OuterRef("pk"), user_id=actor.user_id)))


def open_breached_filter(now=None) -> Q:
    """Open (not on hold) and past the task's target or an active assignment's."""
    now = now or timezone.now()
    overdue_assignment = Exists(Assignment.objects.filter(task=OuterRef("pk"), status=Assignment.Status.ACTIVE, target_resolution__lt=now))
    open_statuses = [Task.Status.PENDING, Task.Status.IN_PROGRESS]
    return Q(status__in=open_statuses) & (overdue_assignment | Q(target_resolution__lt=now))


def breached_filter(now=None) -> Q:
    """``?breached=true``: breached now (:func:`open_breached_filter`), or completed after the SLA target."""
    return open_breached_filter(now) | Q(status=Task.Status.COMPLETED, sla_met=False)


def mine_filter(actor: Actor) -> Q:
    return Q(Exists(Assignment.objects.filter(task=OuterRef("pk"), user_id=actor.user_id, status=Assignment.Status.ACTIVE)))


def active_assignments(task: Task) -> list[Assignment]:
    """From the prefetched assignments: who holds the task now (several at an approval step), oldest first."""
    return [a for a in task.assignments.all() if a.status == Assignment.Status.ACTIVE]


def active_assignment(task: Task, actor: Actor | None = None) -> Assignment | None:
    """From the prefetched assignments: ``actor``'s own active assignment when they hold one, else the first."""
    active = active_assignments(task)
    own = next((a for a in active if actor is not None and a.user_id == actor.user_id), None)
    return own or next(iter(active), None)


def available_transitions(task: Task, actor: Actor) -> list[dict]:
    """The transitions ``actor`` may take now: those of the current step, for someone holding it."""
    if task.status != Task.Status.IN_PROGRESS or not any(a.user_id == actor.user_id for a in active_assignments(task)):
        return []
    version = task.workflow_version
    return [
        {"id": t["id"], "name": t["name"], "to_step": (version.step(t["to_step"]) or {}).get("name"), "requires_notes": t["requires_notes"]}
        for t in version.transitions_from(task.current_step_id)
    ]


def is_breached(task: Task, now=None) -> bool:
    """As :func:`breached_filter`: open (not on hold) and past its own target or an active assignment's, or
    completed late."""
    now = now or timezone.now()
    if task.status == Task.Status.COMPLETED:
        return task.sla_met is False
    if task.status not in (Task.Status.PENDING, Task.Status.IN_PROGRESS):
        return False
    return bool(
        (task.target_resolution and task.target_resolution < now)
        or any(a.target_resolution and a.target_resolution < now for a in active_assignments(task))
    )


def transfer_candidates(task: Task, *, search: str = "") -> QuerySet:
    """Who may take ``task`` by transfer (``POST /tasks/{id}/transfer/`` accepts exactly them): the active members of
    the step's role (and of the escalation role working it now), minus whoever holds it or has voted at the step
    (:func:`tasks.services.assignment.share_excluded`), filtered by ``search``
    (each word in the name or email), by name: ``{"user_id", "email", "full_name", "active_assignments"}``.

    A task that cannot be transferred (not ``pending`` or ``in_progress``) raises the transfer's 409."""
    from roles.selectors import role_members_search
    from tasks.services.assignment import share_excluded
    from tasks.services.errors import TaskConflictError
    from tasks.services.lifecycle import transfer_roles

    if task.status not in (Task.Status.PENDING, Task.Status.IN_PROGRESS):
        raise TaskConflictError(f"The task is {task.status.replace('_', ' ')}; it cannot be transferred.")
    holders = share_excluded(task)
    load = (
        Assignment.objects.filter(user_id=OuterRef("user_id"), status=Assignment.Status.ACTIVE)
        .order_by()
        .values("user_id")
        .annotate(count=Count("id"))
        .values("count")
    )
    people = role_members_search(role_names=transfer_roles(task), exclude_user_ids=holders, search=search)
    return people.annotate(active_assignments=Coalesce(Subquery(load), 0))
