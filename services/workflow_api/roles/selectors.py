from django.db.models import Prefetch, QuerySet

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


def member_lookup(user_id: int) -> RoleMember | None:
    return RoleMember.objects.filter(user_id=user_id, is_active=True, is_deleted=False, role__is_deleted=False).first()
