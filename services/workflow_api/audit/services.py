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


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    email: str = ""
    is_admin: bool = False

    @classmethod
    def from_request(cls, request) -> "Actor":
        user = request.user
        return cls(user_id=user.id, email=getattr(user, "email", ""), is_admin=bool(getattr(user, "is_tts_admin", False)))


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
    if save:
        event.save()
        webhook_events_enqueue([event])  # unsaved events are written, and delivered, by their caller (Outcome.write)
    transaction.on_commit(lambda: count_event(action=action, after=after), robust=True)
    return event


def audit_events_written(events: list[AuditEvent]) -> None:
    """Audit events a caller has just inserted in bulk (``Outcome.write``): their webhook deliveries, in the same transaction."""
    webhook_events_enqueue(events)


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
