"""Permission classes by system role, read from the token's claims."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from tts_common.auth import ADMIN_ROLE, TTS


def caller_has_role(request, system: str, *role_names: str) -> bool:
    user = getattr(request, "user", None)
    has_role = getattr(user, "has_role", None)
    return bool(user and user.is_authenticated and has_role and has_role(system, *role_names))


def is_tts_admin(request) -> bool:
    return caller_has_role(request, TTS, ADMIN_ROLE)


def system_role_permission(system: str, *role_names: str) -> type[BasePermission]:
    """A permission class that admits callers holding one of ``role_names`` in ``system``."""

    class HasSystemRole(BasePermission):
        message = f"This needs the {' or '.join(role_names) or 'any'} role in {system}."

        def has_permission(self, request, view) -> bool:
            return caller_has_role(request, system, *role_names)

    HasSystemRole.__name__ = f"Has{system.title()}{''.join(name.title().replace(' ', '') for name in role_names)}Role"
    return HasSystemRole


IsTTSAdmin = system_role_permission(TTS, ADMIN_ROLE)
IsTTSMember = system_role_permission(TTS)


class IsTTSAdminOrReadOnly(BasePermission):
    """Any signed-in caller reads; only a TTS administrator writes."""

    message = "Only a TTS administrator may change this."

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or is_tts_admin(request)
