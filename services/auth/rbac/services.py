"""Role changes, and telling workflow_api about every change to a TTS role.

Every sync message goes through the outbox in the transaction that makes the
change, so a broker that is down only delays it. The signal handlers in
``rbac.signals`` call these, so the API, the Django admin and the shell are
all covered.
"""

from django.db import transaction

from rbac.models import TTS, Role, System, UserSystemRole
from tts_common import messages
from tts_common.errors import DomainError
from tts_common.messages import OutgoingMessage, SyncAction
from users.models import User

ROLE_ID_MAX = 2**63 - 1  # a BigAutoField; a larger id names no role (and would overflow the query)


def role_sync_message(role: Role, action: SyncAction) -> OutgoingMessage:
    """``role.tasks.sync_role``: the role as it is now."""
    return messages.SYNC_ROLE.build(role_id=role.pk, name=role.name, system=role.system.slug, description=role.description, action=action)


def user_system_role_sync_message(assignment: UserSystemRole, action: SyncAction) -> OutgoingMessage:
    """``role.tasks.sync_user_system_role``: the assignment as it is now (inactive when the user is)."""
    user = assignment.user
    return messages.SYNC_USER_SYSTEM_ROLE.build(
        user_system_role_id=assignment.pk,
        user_id=user.pk,
        user_email=user.email,
        user_full_name=user.full_name,
        system=assignment.system.slug,
        role_id=assignment.role_id,
        role_name=assignment.role.name,
        is_active=bool(assignment.is_active and user.is_active),
        action=action,
    )


def role_sync(*, role: Role, action: SyncAction) -> None:
    if role.system.slug == TTS:
        role_sync_message(role, action).enqueue()


def user_system_role_sync(*, assignment: UserSystemRole, action: SyncAction) -> None:
    if assignment.system.slug == TTS:
        user_system_role_sync_message(assignment, action).enqueue()


def user_sync(*, user: User) -> None:
    """A user's name, email or activity changed: restate each of their TTS roles."""
    for assignment in UserSystemRole.objects.filter(user=user, system__slug=TTS).select_related("system", "role"):
        assignment.user = user
        user_system_role_sync(assignment=assignment, action="update")


def tts_resync_all() -> int:
    """Restate every TTS role and assignment (a replica that was lost can be rebuilt)."""
    count = 0
    with transaction.atomic():
        for role in Role.objects.filter(system__slug=TTS).select_related("system"):
            role_sync(role=role, action="update")
            count += 1
        for assignment in UserSystemRole.objects.filter(system__slug=TTS).select_related("system", "role", "user"):
            user_system_role_sync(assignment=assignment, action="update")
            count += 1
    return count


def role_resolve(*, system: System, role: Role | str | int) -> Role:
    """A role of ``system`` named by id or by name (case-insensitive).

    Raises DomainError on ``role`` (400) when ``system`` has no such role.
    """
    if isinstance(role, Role):
        found = role if role.system_id == system.pk else None
    elif isinstance(role, int) or (isinstance(role, str) and role.strip().isascii() and role.strip().isdecimal()):
        found = Role.objects.filter(system=system, pk=int(role)).first() if 0 < int(role) <= ROLE_ID_MAX else None
    else:
        found = Role.objects.filter(system=system, name__iexact=str(role).strip()).first()
    if found is None:
        raise DomainError(f"No such role in {system.slug}.", field="role")
    return found


def user_system_role_assign(*, user: User, system: System, role: Role | str | int) -> tuple[UserSystemRole, bool]:
    """Give ``user`` the ``role`` of ``system`` (a Role, its id or its name); reactivates a revoked assignment.

    Returns (assignment, created). Raises DomainError on ``role`` when ``system`` has no such role.
    """
    role = role_resolve(system=system, role=role)
    assignment, created = UserSystemRole.objects.get_or_create(user=user, role=role, defaults={"system": system})
    if not created and not assignment.is_active:
        assignment.is_active = True
        assignment.save(update_fields=["is_active"])
    return assignment, created
