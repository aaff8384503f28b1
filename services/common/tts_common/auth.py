"""Verifying auth's RS256 access tokens with the public key alone.

No service but auth looks users up: the token's claims are the caller.
"""

from functools import cached_property

from rest_framework_simplejwt.authentication import JWTStatelessUserAuthentication
from rest_framework_simplejwt.models import TokenUser

TTS = "tts"
ADMIN_ROLE = "Admin"


class ClaimsUser(TokenUser):
    """The caller as the access token describes them."""

    @cached_property
    def email(self) -> str:
        return self.token.get("email", "")

    @cached_property
    def full_name(self) -> str:
        return self.token.get("full_name", "")

    @cached_property
    def roles(self) -> list[dict[str, str]]:
        claimed = self.token.get("roles") or []
        return [role for role in claimed if isinstance(role, dict)]

    def has_role(self, system: str, *role_names: str) -> bool:
        wanted = {name.lower() for name in role_names}
        return any(role.get("system") == system and (not wanted or str(role.get("role", "")).lower() in wanted) for role in self.roles)

    @property
    def is_tts_admin(self) -> bool:
        return self.has_role(TTS, ADMIN_ROLE)


class ClaimsJWTAuthentication(JWTStatelessUserAuthentication):
    """Bearer access tokens only; a refresh token is refused by its ``token_type``."""
