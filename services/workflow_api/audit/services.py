"""Recording audit events. Callers pass the actor; ``None`` means the system."""

from dataclasses import dataclass
from typing import Any

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
    return event
