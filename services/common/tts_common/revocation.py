"""Revoked sessions reach every service: auth's revocations and each service's deny list.

Services verify access tokens with auth's public key alone, so a token auth
has revoked (deactivation, a new password, "sign out everywhere") would live
out its lifetime. auth therefore publishes every revocation, in the
transaction that makes it, through its outbox to one task per consuming
service (``tts_common.routing.REVOCATION_TASKS``: a fan-out that keeps one
consumer per task name). The message is one positional dict
``{"user_id": int, "not_before": float}`` (epoch seconds).

Each service records it in its deny list, the ``revocation`` cache (Redis when
``REDIS_URL`` is set, shared by all of the service's processes; files under
``var/`` otherwise), and ``ClaimsJWTAuthentication`` refuses that user's
tokens issued before ``not_before`` (``issued_before``: ``iat`` has whole
seconds, so it is compared with ``not_before`` floored to its second). An entry lives as long as an access token plus a minute: past that,
every token it could refuse has expired by itself.
"""

import logging
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from tts_common.routing import REVOCATION_TASKS

logger = logging.getLogger(__name__)

CACHE_ALIAS = "revocation"
KEEP_AFTER_EXPIRY_SECONDS = 60


@dataclass(frozen=True)
class Revocation:
    """A user's tokens issued before ``not_before`` (epoch seconds) are dead."""

    user_id: int
    not_before: float

    def as_message(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_message(cls, message: Any) -> "Revocation":
        """Raises ValueError for anything but ``{"user_id": positive int, "not_before": finite number}``."""
        if not isinstance(message, Mapping):
            raise ValueError("a revocation is a dict")
        user_id, not_before = message.get("user_id"), message.get("not_before")
        if not (isinstance(user_id, int) and not isinstance(user_id, bool) and user_id > 0):
            raise ValueError("user_id must be a positive integer")
        if not (isinstance(not_before, int | float) and not isinstance(not_before, bool) and math.isfinite(not_before)):
            raise ValueError("not_before must be a number of epoch seconds")
        return cls(user_id=user_id, not_before=float(not_before))


def revocation_publish(*, user_id: int, not_before: datetime) -> None:
    """Enqueue the revocation for every consuming service, in the caller's transaction (needs ``tts_common.outbox``)."""
    from tts_common.outbox.services import outbox_enqueue_many

    message = Revocation(user_id=user_id, not_before=not_before.timestamp()).as_message()
    outbox_enqueue_many([(task_name, [message], None) for task_name in REVOCATION_TASKS.values()])


def _deny_list():
    from django.core.cache import caches

    return caches[CACHE_ALIAS]


def _key(user_id: int) -> str:
    return f"user.{int(user_id)}"


def _entry_seconds() -> int:
    from django.conf import settings

    return int(settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds()) + KEEP_AFTER_EXPIRY_SECONDS


def revocation_record(revocation: Revocation) -> float:
    """Put the revocation in this service's deny list; returns the user's ``not_before`` now in force.

    The later of two revocations wins, whatever order they arrive in.
    Errors of the cache (Redis away) propagate, so the task retries.
    """
    deny_list = _deny_list()
    key = _key(revocation.user_id)
    not_before = max(revocation.not_before, float(deny_list.get(key) or 0))
    deny_list.set(key, not_before, timeout=_entry_seconds())
    return not_before


def revoked_before(user_id: int) -> float | None:
    """The user's ``not_before`` (epoch seconds) in this service's deny list, or None.

    None too when the deny list cannot be read (Redis away): a warning is
    logged and tokens stay valid, rather than every request failing.
    """
    try:
        value = _deny_list().get(_key(user_id))
    except Exception:  # any cache backend error (Redis away, a file unreadable)
        logger.warning("the revocation deny list cannot be read; tokens are not checked against it", exc_info=True)
        return None
    return float(value) if value is not None else None


def issued_before(issued_at: Any, not_before: float) -> bool:
    """Whether a token whose ``iat`` is ``issued_at`` (epoch seconds, or None) predates a revocation at ``not_before``.

    The one rule for access tokens, used by every service's deny list, by
    auth's own check (``authn.authentication``) and by messaging's open
    sockets. ``iat`` has whole seconds (simplejwt) and ``not_before`` has
    microseconds, so ``iat < not_before`` would also refuse every token issued
    later in the revocation's own second, among them the access token of the
    pair a password change answers (dead for its whole life). The comparison
    is therefore ``iat < floor(not_before)``: a token issued after the
    revocation is always accepted, and the price is that one issued earlier in
    that same second (at most a second's worth) is not refused. The
    alternatives cost more: rounding the revocation up to the next second would
    refuse every sign-in of that second, or make auth wait up to a second
    before answering. A token without ``iat`` counts as older.
    """
    return issued_at is None or float(issued_at) < math.floor(not_before)


def token_revoked(claims: Mapping[str, Any]) -> bool:
    """Whether a verified token's claims (``user_id``, ``iat``) fall under a revocation of its user.

    A token without ``iat`` is revoked whenever its user has an entry.
    """
    not_before = revoked_before(claims["user_id"])
    if not_before is None:
        return False
    return issued_before(claims.get("iat"), not_before)


# The channel-layer event messaging sends to a revoked user's group (tts_common.live.user_group):
# {"type": SESSION_REVOKED_EVENT, "not_before": float}; each socket whose token is older closes with 4401.
SESSION_REVOKED_EVENT = "session.revoked"
