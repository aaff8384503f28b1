"""Applying auth's sync messages to the replica (idempotent, order-tolerant)."""

import logging
from typing import Any

from django.db import transaction

from roles.models import Role, RoleMember

logger = logging.getLogger(__name__)

ACTIONS = {"create", "update", "delete"}


class SyncPayloadError(ValueError):
    """A sync message that can never be applied; the field is named."""


def _require(payload: Any, *fields: str) -> dict:
    if not isinstance(payload, dict):
        raise SyncPayloadError(f"payload must be an object, not {type(payload).__name__}")
    missing = [field for field in fields if payload.get(field) in (None, "")]
    if missing:
        raise SyncPayloadError(f"missing field(s): {', '.join(missing)}")
    if payload["action"] not in ACTIONS:
        raise SyncPayloadError(f"action must be one of {sorted(ACTIONS)}, not {payload['action']!r}")
    return payload


@transaction.atomic
def role_sync_apply(*, payload: Any) -> Role | None:
    data = _require(payload, "role_id", "name", "action")
    role = Role.objects.select_for_update().filter(role_id=data["role_id"]).first()
    if role and role.is_deleted:
        return role  # a tombstone: nothing brings it back
    if data["action"] == "delete":
        if role is None:
            role = Role(role_id=data["role_id"], name=data["name"])
        role.is_deleted = True
    else:
        role = role or Role(role_id=data["role_id"])
        role.name = data["name"]
    role.system = data.get("system") or "tts"
    role.description = data.get("description") or ""
    role.save()
    return role


@transaction.atomic
def role_member_sync_apply(*, payload: Any) -> RoleMember | None:
    data = _require(payload, "user_system_role_id", "user_id", "role_id", "action")
    member = RoleMember.objects.select_for_update().filter(user_system_role_id=data["user_system_role_id"]).first()
    if member and member.is_deleted:
        return member
    role, _ = Role.objects.get_or_create(
        role_id=data["role_id"],
        defaults={"name": data.get("role_name") or f"role-{data['role_id']}", "system": data.get("system") or "tts"},
    )
    member = member or RoleMember(user_system_role_id=data["user_system_role_id"])
    member.role = role
    member.user_id = data["user_id"]
    member.user_email = data.get("user_email") or ""
    member.user_full_name = data.get("user_full_name") or ""
    member.is_active = bool(data.get("is_active", True))
    member.is_deleted = data["action"] == "delete"
    member.save()
    if member.can_be_assigned and not role.is_deleted:
        from tasks.services.assignment import waiting_tasks_assign

        transaction.on_commit(lambda: waiting_tasks_assign(role_name=role.name))
    else:
        from tasks.services.reassignment import member_departure_release

        member_departure_release(user_id=member.user_id, role_name=role.name)
    return member
