"""Recording audit events. Callers pass the actor; ``None`` means the system.

Every domain event passes through :func:`audit_event`, so this is also where the domain's
metrics are counted (``audit.metrics``): once the event's transaction commits,
never for work that was rolled back.
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from webhooks.services import webhook_events_enqueue

from audit import metrics
from audit.models import AuditEvent
from tts_common import live


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    email: str = ""
    is_admin: bool = False
    name: str = ""  # the token's full name, for live messages ("Dana just moved this task"); not stored

    @classmethod
    def from_request(cls, request) -> "Actor":
        user = request.user
        email = getattr(user, "email", "")
        return cls(
            user_id=user.id,
            email=email,
            is_admin=bool(getattr(user, "is_tts_admin", False)),
            name=getattr(user, "full_name", "") or email,
        )


SYSTEM = Actor(user_id=None, email="system")


def audit_event(
    *,
    actor: Actor,
    action: str,
    entity: Any,
    before: Any = None,
    after: Any = None,
    task=None,
    workflow=None,
    ticket_number: str = "",
    save: bool = True,
) -> AuditEvent:
    """An audit event for ``entity``; with ``save=False`` it is returned unsaved for a bulk insert."""
    task = task if task is not None else (entity if entity.__class__.__name__ == "Task" else None)
    event = AuditEvent(
        actor_user_id=actor.user_id,
        actor_email=actor.email,
        action=action,
        entity_type=entity.__class__.__name__.lower(),
        entity_id=getattr(entity, "pk", None),
        task=task,
        workflow=workflow,
        ticket_number=ticket_number or getattr(task, "ticket_number", ""),
        before=before,
        after=after,
    )
    event.actor_name = actor.name or actor.email  # read by task_changes_push; not a column
    if save:
        event.save()
        webhook_events_enqueue([event])  # unsaved events are written, and delivered, by their caller (Outcome.write)
        task_changes_push([event])
    transaction.on_commit(lambda: count_event(action=action, after=after), robust=True)
    return event


def audit_events_written(events: list[AuditEvent]) -> None:
    """Audit events a caller has just inserted in bulk (``Outcome.write``): their webhook deliveries, in the same transaction."""
    webhook_events_enqueue(events)
    task_changes_push(events)


# What moves a task under an open console: its ticket's sockets hear of these (docs/api.md, "task_changed").
LIVE_TASK_ACTIONS = frozenset(
    {
        "task.transitioned",
        "task.approval_recorded",
        "task.transferred",
        "task.escalated",
        "task.held",
        "task.resumed",
        "task.reassigned",
    }
)


def task_changes_push(events: list[AuditEvent]) -> None:
    """Once the transaction commits, tell the open consoles of each event's ticket that its task moved
    (``tts_common.live.push_task_changed``, best effort: a stale console's move still meets the 409)."""
    latest = {event.task_id: event for event in events if event.action in LIVE_TASK_ACTIONS}  # a vote that moves: one message
    changes = [
        live.task_changed_event(
            task_id=event.task_id,
            ticket_number=event.ticket_number,
            action=event.action,
            actor_user_id=event.actor_user_id,
            actor_name=getattr(event, "actor_name", "") or event.actor_email,
            after=event.after,
        )
        for event in latest.values()
        if event.ticket_number and event.task_id is not None
    ]
    if changes and live.live_enabled():
        transaction.on_commit(lambda: [live.push_task_changed(change) for change in changes], robust=True)


def count_event(*, action: str, after: Any = None) -> None:
    """The metrics one committed audit event moves (docs/operations.md, "Metrics")."""
    metrics.AUDIT_EVENTS.labels(action).inc()
    after = after if isinstance(after, dict) else {}
    if action == "task.created":
        status = str(after.get("status") or "unknown")
        metrics.TASKS_CREATED.labels(status).inc()
        if status == "unmatched":
            metrics.TICKETS_UNMATCHED.inc()
    elif action == "task.assigned":
        metrics.TASKS_ASSIGNED.inc()
    elif action == "task.transitioned":
        metrics.TASK_TRANSITIONS.labels(str(after.get("transition") or "unknown")).inc()
    elif action == "task.escalated":
        metrics.TASK_ESCALATIONS.inc()
    elif action == "sla.breached":
        metrics.SLA_BREACHES.inc()
