from django.db.models import Prefetch, QuerySet

from rbac.models import UserSystemRole
from users.models import User


def active_role_assignments() -> Prefetch:
    return Prefetch(
        "system_roles",
        queryset=UserSystemRole.objects.filter(is_active=True).select_related("system", "role").order_by("id"),
        to_attr="active_system_roles",
    )


def user_list() -> QuerySet[User]:
    return User.objects.prefetch_related(active_role_assignments()).order_by("id")


def user_role_claims(user: User) -> list[dict[str, str]]:
    """The ``roles`` claim: every active role the user holds, per system."""
    assignments = getattr(user, "active_system_roles", None)
    if assignments is None:
        assignments = UserSystemRole.objects.filter(user=user, is_active=True).select_related("system", "role").order_by("id")
    return [{"system": assignment.system.slug, "role": assignment.role.name} for assignment in assignments]
