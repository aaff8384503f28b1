"""Writing down what already happened outside, through a database that blinks.

The pattern "claim a row, do something outside (send a mail, POST a webhook),
record the outcome" has one fragile moment: the outcome's write. When the
database is away just then (a restart, a failover: seconds to a minute), the
outside effect has happened but the row still says it is in flight, and every
later try of the message has to wait until the claim goes stale and then does
it again (a second mail, a second POST). :func:`outcome_record` keeps trying
that one write, in the same process, until the database is back or
``TTS_OUTCOME_RECORD_PATIENCE_SECONDS`` (default 120 s) have passed; then it
raises the last error and the caller's usual retry applies.

Retrying is tenacity's (exponential backoff with jitter, 0.5 s to 5 s between
tries); between tries the broken connection is closed so the next try opens a
fresh one. Only database faults that pass (``OperationalError``,
``InterfaceError``) are retried, and only outside a transaction: inside one,
the caller's whole transaction has to be retried, not one write.
"""

from collections.abc import Callable
from typing import TypeVar

from django.db import InterfaceError, OperationalError, connection, connections
from tenacity import RetryCallState, retry_if_exception, stop_after_delay, wait_random_exponential
from tenacity import Retrying as _Retrying

from tts_common.env import env_int

T = TypeVar("T")

RETRIED_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)


def _passing_fault(error: BaseException) -> bool:
    return isinstance(error, RETRIED_ERRORS) and not connection.in_atomic_block


def _drop_broken_connection(_state: RetryCallState) -> None:
    """Close every open connection that no longer answers; the next query opens a fresh one."""
    for open_connection in connections.all(initialized_only=True):
        if open_connection.connection is not None and not open_connection.is_usable():
            open_connection.close()


def outcome_record(write: Callable[[], T], *, patience_seconds: float | None = None, sleep: Callable[[float], None] | None = None) -> T:
    """``write()``, tried again through database faults for up to ``patience_seconds``; what it returns.

    ``write`` must be safe to run twice (a whole transaction of its own, or an
    idempotent update): a try that failed at commit may or may not have
    committed. Raises ``write``'s last error once the patience is spent, and
    any other error at once. ``sleep`` replaces ``time.sleep`` (tests).
    """
    patience = env_int("TTS_OUTCOME_RECORD_PATIENCE_SECONDS", 120) if patience_seconds is None else patience_seconds
    options = {"sleep": sleep} if sleep is not None else {}
    retrying = _Retrying(
        retry=retry_if_exception(_passing_fault),
        wait=wait_random_exponential(multiplier=0.5, max=5),
        stop=stop_after_delay(patience),
        before_sleep=_drop_broken_connection,
        reraise=True,
        **options,
    )
    return retrying(write)
