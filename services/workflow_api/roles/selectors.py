from collections.abc import Collection

from django.db.models import Max, Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from roles.models import Role, RoleMember


def role_list() -> QuerySet[Role]:
    members = RoleMember.objects.filter(is_deleted=False).order_by("user_id")
    return Role.objects.filter(is_deleted=False).prefetch_related(Prefetch("members", queryset=members))


def assignable_members(role_name: str) -> list[RoleMember]:
    return list(
        RoleMember.objects.filter(role__name__iexact=role_name, role__is_deleted=False, is_active=True, is_deleted=False).order_by(
            "user_id", "id"
        )
    )


def _assignable_in(role_names: list[str]) -> QuerySet[RoleMember]:
    """Active memberships of the named roles (names compared without letter case); none for no names."""
    names = Q()
    for name in role_names:
        names |= Q(role__name__iexact=name)
    if not role_names:
        return RoleMember.objects.none()
    return RoleMember.objects.filter(names, role__is_deleted=False, is_active=True, is_deleted=False)


def member_of_roles(user_id: int, role_names: list[str]) -> RoleMember | None:
    """``user_id``'s active membership of the first of ``role_names`` they hold (with its role), or None."""
    memberships = {m.role.name.casefold(): m for m in _assignable_in(role_names).filter(user_id=user_id).select_related("role")}
    return next((memberships[name.casefold()] for name in role_names if name.casefold() in memberships), None)


def role_members_search(*, role_names: list[str], exclude_user_ids: Collection[int] = (), search: str = "") -> QuerySet:
    """One row per person holding one of ``role_names`` (active), ``exclude_user_ids`` left out, matching ``search``
    (each word part of the name or the email, any case), by name then email: dicts ``{"user_id", "email", "full_name"}``."""
    members = _assignable_in(role_names).exclude(user_id__in=list(exclude_user_ids))
    for word in search.split():
        members = members.filter(Q(user_full_name__icontains=word) | Q(user_email__icontains=word))
    return (
        members.values("user_id")
        .annotate(email=Max("user_email"), full_name=Max("user_full_name"))
        .order_by(Lower("full_name"), Lower("email"), "user_id")
    )
