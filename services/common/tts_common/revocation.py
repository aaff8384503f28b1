"""Revoked sessions reach every service: auth's revocations and each service's deny list.

Services verify access tokens with auth's public key alone, so a token auth
has revoked (deactivation, a new password, "sign out everywhere") would live
out its lifetime. auth therefore publishes every revocation, in the
transaction that makes it, through its outbox to one task per consuming
service (``tts_common.messages.REVOKE_TOKENS``: a fan-out that keeps one
consumer per task name). The message is one positional dict
``{"user_id": int, "not_before": float}`` (epoch seconds).

Each service records it in its deny list, the ``revocation`` cache (Redis when
``REDIS_URL`` is set, shared by all of the service's processes; files under
``var/`` otherwise), and ``ClaimsJWTAuthentication`` refuses that user's
tokens issued before ``not_before`` (``issued_before``: ``iat < not_before``;
``iat`` has whole seconds, so a token issued in the same second as the
revocation is refused too). An entry lives as long as an access token plus a minute: past that,
every token it could refuse has expired by itself.
"""

import fcntl
import logging
import os
import threading
from collections.abc import Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from tts_common.messages import REVOKE_TOKENS, TokenRevocation

logger = logging.getLogger(__name__)

CACHE_ALIAS = "revocation"
KEEP_AFTER_EXPIRY_SECONDS = 60


# The message (``tts_common.messages.REVOKE_TOKENS``): a user's tokens issued before ``not_before`` are dead.
Revocation = TokenRevocation


def revocation_publish(*, user_id: int, not_before: datetime) -> None:
    """Enqueue the revocation for every consuming service, in the caller's transaction (needs ``tts_common.outbox``)."""
    from tts_common.outbox.services import outbox_enqueue_many

    outbox_enqueue_many([definition.build(user_id=user_id, not_before=not_before.timestamp()) for definition in REVOKE_TOKENS.values()])


def _deny_list():
    from django.core.cache import caches

    return caches[CACHE_ALIAS]


def _key(user_id: int) -> str:
    return f"user.{int(user_id)}"


def _entry_seconds() -> int:
    from django.conf import settings

    return int(settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds()) + KEEP_AFTER_EXPIRY_SECONDS


# Keep the later of the stored and the given ``not_before`` (integer microseconds) and (re)set the entry's
# lifetime, in one step: Redis runs a script atomically, so two revocations at once cannot keep the earlier.
_KEEP_LATER_SCRIPT = """
local kept = redis.call('GET', KEYS[1])
if not (kept and tonumber(kept) and tonumber(kept) >= tonumber(ARGV[1])) then kept = ARGV[1] end
redis.call('SET', KEYS[1], kept, 'EX', ARGV[2])
return kept
"""
_process_lock = threading.Lock()


def revocation_record(revocation: Revocation) -> float:
    """Put the revocation in this service's deny list; returns the user's ``not_before`` now in force.

    The later of two revocations wins, whatever order they arrive in, and
    atomically: on Redis one script reads and writes the entry; on the files
    under ``var/`` an exclusive lock file (``fcntl.flock``) serialises the
    service's processes. The entry holds integer microseconds (Django's Redis
    backend stores an int as its digits, which the script can compare).
    Errors of the cache (Redis away) propagate, so the task retries.
    """
    deny_list = _deny_list()
    key = _key(revocation.user_id)
    wanted, timeout = round(revocation.not_before * 1_000_000), _entry_seconds()
    redis_client = getattr(deny_list, "_cache", None)  # django.core.cache.backends.redis.RedisCacheClient
    if redis_client is not None:
        client = redis_client.get_client(key, write=True)
        kept = client.register_script(_KEEP_LATER_SCRIPT)(keys=[deny_list.make_and_validate_key(key)], args=[wanted, timeout])
    else:
        with _deny_list_lock(deny_list):
            kept = max(wanted, _as_micros(deny_list.get(key)))
            deny_list.set(key, kept, timeout=timeout)
    return int(kept) / 1_000_000


@contextmanager
def _deny_list_lock(deny_list):
    """Exclusive across the service's processes for the file-based deny list; within this process for any other."""
    folder = getattr(deny_list, "_dir", None)  # django.core.cache.backends.filebased.FileBasedCache
    with _process_lock:
        if folder is None:
            yield
            return
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "deny-list.lock"), "a") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)


def _as_micros(value: Any) -> int:
    """An entry's value in microseconds: an int as stored now, a float of seconds as stored before (0 for none)."""
    if value is None:
        return 0
    return round(value * 1_000_000) if isinstance(value, float) else int(value)


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
    return _as_micros(value) / 1_000_000 if value is not None else None


def issued_before(issued_at: Any, not_before: float) -> bool:
    """Whether a token whose ``iat`` is ``issued_at`` (epoch seconds, or None) predates a revocation at ``not_before``.

    The one rule for access tokens, used by every service's deny list, by
    auth's own check (``authn.authentication``) and by messaging's open
    sockets: ``iat < not_before``, exactly. ``iat`` has whole seconds, so a
    token issued later in the revocation's own second is refused too; auth
    therefore issues the pair a password change answers in the next whole
    second (``authn.tokens.token_pair_after``). Flooring ``not_before``
    instead would let every token issued earlier in that second live on: a
    client refreshing several times a second would keep one through any
    revocation. A token without ``iat`` counts as older.
    """
    return issued_at is None or float(issued_at) < not_before


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
