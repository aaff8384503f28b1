"""Reads for the audit trail."""

from collections.abc import Iterable

from roles.models import RoleMember


def people_names(user_ids: Iterable[int | None]) -> dict[int, str]:
    """``{user_id: full name}`` from the role replica for the given ids (deleted memberships too: a person who left a
    role keeps their name in old history); ids without a known, non-blank name are left out. One query."""
    wanted = {user_id for user_id in user_ids if user_id is not None}
    if not wanted:
        return {}
    rows = RoleMember.objects.filter(user_id__in=wanted).exclude(user_full_name="").order_by("is_deleted", "-updated_at")
    names: dict[int, str] = {}
    for user_id, full_name in rows.values_list("user_id", "user_full_name"):
        names.setdefault(user_id, full_name)
    return names
