"""Reading tasks: who may see which, and what the caller may do next."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
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


def breached_filter(now=None) -> Q:
    now = now or timezone.now()
    overdue_assignment = Exists(Assignment.objects.filter(task=OuterRef("pk"), status=Assignment.Status.ACTIVE, target_resolution__lt=now))
    open_statuses = [Task.Status.PENDING, Task.Status.IN_PROGRESS]
    return Q(status__in=open_statuses) & (overdue_assignment | Q(target_resolution__lt=now))


def mine_filter(actor: Actor) -> Q:
    return Q(Exists(Assignment.objects.filter(task=OuterRef("pk"), user_id=actor.user_id, status=Assignment.Status.ACTIVE)))


def active_assignment(task: Task) -> Assignment | None:
    """From the prefetched assignments."""
    return next((a for a in task.assignments.all() if a.status == Assignment.Status.ACTIVE), None)


def available_transitions(task: Task, actor: Actor) -> list[dict]:
    current = active_assignment(task)
    if task.status != Task.Status.IN_PROGRESS or current is None or current.user_id != actor.user_id:
        return []
    version = task.workflow_version
    return [
        {"id": t["id"], "name": t["name"], "to_step": (version.step(t["to_step"]) or {}).get("name"), "requires_notes": t["requires_notes"]}
        for t in version.transitions_from(task.current_step_id)
    ]


def is_breached(task: Task, now=None) -> bool:
    now = now or timezone.now()
    if not task.is_open:
        return False
    current = active_assignment(task)
    return bool(
        (task.target_resolution and task.target_resolution < now)
        or (current and current.target_resolution and current.target_resolution < now)
    )
