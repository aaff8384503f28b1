"""Applying auth's sync messages to the replica (idempotent, order-tolerant).

The messages are read as ``tts_common.messages.SYNC_ROLE`` and
``SYNC_USER_SYSTEM_ROLE`` define them; a payload that does not validate
raises ``MalformedMessageError`` naming the field.
"""

import logging
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from roles.models import Role, RoleMember
from tts_common import messages
from tts_common.messages import RoleSync, UserSystemRoleSync

logger = logging.getLogger(__name__)


def _read(definition: messages.MessageDefinition, payload: Any):
    return payload if isinstance(payload, definition.model) else definition.parse([payload])


@transaction.atomic
def role_sync_apply(*, payload: RoleSync | Mapping[str, Any]) -> Role | None:
    """Apply a ``role.tasks.sync_role`` payload (the model, or the dict as it arrived)."""
    sync: RoleSync = _read(messages.SYNC_ROLE, payload)
    role = Role.objects.select_for_update().filter(role_id=sync.role_id).first()
    if role and role.is_deleted:
        return role  # a tombstone: nothing brings it back
    if sync.action == "delete":
        if role is None:
            role = Role(role_id=sync.role_id, name=sync.name)
        role.is_deleted = True
    else:
        role = role or Role(role_id=sync.role_id)
        role.name = sync.name
    role.system = sync.system or "tts"
    role.description = sync.description
    role.save()
    return role


@transaction.atomic
def role_member_sync_apply(*, payload: UserSystemRoleSync | Mapping[str, Any]) -> RoleMember | None:
    """Apply a ``role.tasks.sync_user_system_role`` payload (the model, or the dict as it arrived)."""
    sync: UserSystemRoleSync = _read(messages.SYNC_USER_SYSTEM_ROLE, payload)
    member = RoleMember.objects.select_for_update().filter(user_system_role_id=sync.user_system_role_id).first()
    if member and member.is_deleted:
        return member
    role, _ = Role.objects.get_or_create(
        role_id=sync.role_id,
        defaults={"name": sync.role_name or f"role-{sync.role_id}", "system": sync.system or "tts"},
    )
    member = member or RoleMember(user_system_role_id=sync.user_system_role_id)
    member.role = role
    member.user_id = sync.user_id
    member.user_email = sync.user_email
    member.user_full_name = sync.user_full_name
    member.is_active = sync.is_active
    member.is_deleted = sync.action == "delete"
    member.save()
    if member.can_be_assigned and not role.is_deleted:
        from tasks.services.assignment import waiting_tasks_assign

        transaction.on_commit(lambda: waiting_tasks_assign(role_name=role.name))
    else:
        from tasks.services.reassignment import member_departure_release

        member_departure_release(user_id=member.user_id, role_name=role.name)
    return member
