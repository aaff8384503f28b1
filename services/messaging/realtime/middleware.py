"""WebSocket authentication: auth's access token from the ``token`` query parameter.

Verified exactly as the REST API verifies a bearer token (tts_common's
``ClaimsJWTAuthentication``: RS256, issuer, expiry, ``token_type``, the types
of the claims), with the public key alone. The middleware only *reads* the token; the consumer decides
what to do with a caller who has none (close 4401) or no TTS role (close 4403),
because a close code needs an accepted socket.
"""

from urllib.parse import parse_qs

from channels.middleware import BaseMiddleware
from django.contrib.auth.models import AnonymousUser
from rest_framework.exceptions import AuthenticationFailed

from tts_common.auth import ClaimsJWTAuthentication


def user_from_token(raw: str | None):
    """(the caller, None) or (AnonymousUser, why the token was refused)."""
    if not raw:
        return AnonymousUser(), "missing token"
    authentication = ClaimsJWTAuthentication()
    try:
        validated = authentication.get_validated_token(raw.encode())
        return authentication.get_user(validated), None
    except AuthenticationFailed:
        return AnonymousUser(), "invalid or expired token"


def token_from_query(query_string: bytes) -> str | None:
    values = parse_qs(query_string.decode("latin1")).get("token") or [None]
    return values[0]


class JwtQueryAuthMiddleware(BaseMiddleware):
    """Puts ``user`` (a ``ClaimsUser`` or ``AnonymousUser``) and ``auth_error`` into the scope."""

    async def __call__(self, scope, receive, send):
        scope = dict(scope)
        scope["user"], scope["auth_error"] = user_from_token(token_from_query(scope.get("query_string", b"")))
        return await self.inner(scope, receive, send)
