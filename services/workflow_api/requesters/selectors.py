"""The requester's other tickets, for the task page (docs/api.md, "Requester context").

Agents working a ticket need the requester's history even where they never held those tickets, so every
task of the same employee email (any case) is listed with its ticket number, subject, status, priority and
date; only what the caller may open (administrators: all; others: tasks they hold or held) carries its ``id``.
Nothing else of a ticket the caller may not open is shown: no description, no assignees.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet, Value

from audit.services import Actor
from tasks.models import Assignment, Task

OPEN_STATUSES = (Task.Status.PENDING, Task.Status.IN_PROGRESS, Task.Status.ON_HOLD)


@dataclass(frozen=True)
class Requester:
    email: str
    first_name: str
    last_name: str


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def task_requester(task: Task) -> Requester:
    """The employee who raised the ticket, from the intake payload; blank parts where the help desk sent none."""
    employee = task.ticket.get("employee") if isinstance(task.ticket, dict) else None
    employee = employee if isinstance(employee, dict) else {}
    return Requester(
        email=_text(employee.get("email")), first_name=_text(employee.get("first_name")), last_name=_text(employee.get("last_name"))
    )


def requester_other_tasks(*, task: Task, actor: Actor) -> QuerySet[Task]:
    """The other tasks of ``task``'s requester, newest first (received, then id), each annotated ``can_open``;
    none when the ticket names no requester email."""
    email = task_requester(task).email
    if not email:
        return Task.objects.none()
    others = Task.objects.filter(ticket__employee__email__iexact=email).exclude(pk=task.pk)
    can_open = Value(True) if actor.is_admin else Exists(Assignment.objects.filter(task=OuterRef("pk"), user_id=actor.user_id))
    return others.annotate(can_open=can_open).order_by("-received_at", "-id")


def open_count(tasks: QuerySet[Task]) -> int:
    """How many of ``tasks`` are open (pending, in progress or on hold)."""
    return tasks.filter(status__in=OPEN_STATUSES).count()
