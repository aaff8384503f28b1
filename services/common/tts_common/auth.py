"""Verifying auth's RS256 access tokens with the public key alone.

No service but auth looks users up: the token's claims are the caller.
"""

import math
from collections.abc import Mapping
from functools import cached_property
from typing import Any

from rest_framework_simplejwt.authentication import JWTStatelessUserAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.models import TokenUser

from tts_common.revocation import token_revoked

TTS = "tts"
ADMIN_ROLE = "Admin"
USER_ID_MAX = 2**63 - 1  # a bigint primary key


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (_is_int(value) or isinstance(value, float)) and math.isfinite(value)


def _is_role(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("system"), str) and isinstance(value.get("role"), str)


def claims_problems(claims: Mapping[str, Any]) -> list[str]:
    """The claims of a verified access token whose type is wrong, by name; empty when they are all right.

    ``user_id``: an int in 1..2**63-1 (not a bool), required. When present:
    ``email``, ``full_name``, ``jti``: strings; ``roles``: a list of
    ``{"system": str, "role": str}``; ``exp``, ``iat``: finite numbers.
    """
    problems = []
    user_id = claims.get("user_id")
    if not (_is_int(user_id) and 1 <= user_id <= USER_ID_MAX):
        problems.append("user_id")
    problems += [name for name in ("email", "full_name", "jti") if name in claims and not isinstance(claims[name], str)]
    roles = claims.get("roles", [])
    if not (isinstance(roles, list) and all(_is_role(role) for role in roles)):
        problems.append("roles")
    problems += [name for name in ("exp", "iat") if name in claims and not _is_number(claims[name])]
    return problems


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
        return list(self.token.get("roles", []))

    def has_role(self, system: str, *role_names: str) -> bool:
        wanted = {name.lower() for name in role_names}
        return any(role.get("system") == system and (not wanted or str(role.get("role", "")).lower() in wanted) for role in self.roles)

    @property
    def is_tts_admin(self) -> bool:
        return self.has_role(TTS, ADMIN_ROLE)


class ClaimsJWTAuthentication(JWTStatelessUserAuthentication):
    """Bearer access tokens only; a refresh token is refused by its ``token_type``.

    A token auth signed whose claims have the wrong types is refused too
    (InvalidToken: a 401 over HTTP, 4401 on a socket), never an anonymous
    caller or a 500 further in. So is a token auth has revoked since it was
    issued (``tts_common.revocation``: one read of the service's deny list).
    """

    def get_validated_token(self, raw_token: bytes):
        try:
            token = super().get_validated_token(raw_token)
        except (TypeError, ValueError, OverflowError) as error:
            # PyJWT accepts an ``exp`` that int() takes (a numeric string, any size of number); simplejwt then
            # turns it into a datetime, which raises these instead of a TokenError for "1796042611" or 2**80.
            raise InvalidToken("Token has malformed claims: exp") from error
        problems = claims_problems(token.payload)
        if problems:
            raise InvalidToken(f"Token has malformed claims: {', '.join(problems)}")
        if token_revoked(token.payload):
            raise InvalidToken("Token has been revoked")
        return token
