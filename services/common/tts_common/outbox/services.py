"""Writing to the outbox and relaying it to the broker.

``outbox_enqueue`` is called inside the transaction that makes the change;
after that transaction commits, the pending rows are relayed at once, and the
``relay_outbox`` process relays whatever the broker refused at that moment.

A row that can never be published is parked (``parked_at``, ``last_error``)
so it does not hold back the rows behind it: at once when it cannot be built
(not JSON, too large), after ``OUTBOX_MAX_ATTEMPTS`` (5) refusals in a row
when the broker nacks it or closes the channel on it. The broker being away
parks nothing: the batch waits, in order.
"""

import logging
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from celery import current_app
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tts_common.env import env_int
from tts_common.logging import MESSAGE_HEADER, current_request_id
from tts_common.outbox.models import OutboxMessage
from tts_common.outbox.publishing import TRANSIENT_PUBLISH_ERRORS, publish_confirmed

logger = logging.getLogger(__name__)

BATCH_SIZE = 200


@dataclass(frozen=True)
class RelayResult:
    published: int
    error: str | None = None
    parked: int = 0


def max_attempts() -> int:
    return env_int("OUTBOX_MAX_ATTEMPTS", 5)


def _pending():
    return OutboxMessage.objects.filter(published_at__isnull=True, parked_at__isnull=True)


def outbox_enqueue(*, task_name: str, args: list[Any] | tuple[Any, ...] = (), kwargs: dict[str, Any] | None = None) -> OutboxMessage:
    """Record a task message in the caller's transaction; relay it after commit."""
    request_id = current_request_id()
    message = OutboxMessage.objects.create(
        task_name=task_name,
        args=list(args),
        kwargs=dict(kwargs or {}),
        headers={MESSAGE_HEADER: request_id} if request_id else {},
    )
    transaction.on_commit(_relay_after_commit)
    return message


def outbox_enqueue_many(messages: list[tuple[str, list | tuple, dict | None]]) -> list[OutboxMessage]:
    """Several ``(task_name, args, kwargs)`` messages in one insert; one relay after commit."""
    if not messages:
        return []
    request_id = current_request_id()
    headers = {MESSAGE_HEADER: request_id} if request_id else {}
    rows = OutboxMessage.objects.bulk_create(
        OutboxMessage(task_name=task_name, args=list(args), kwargs=dict(kwargs or {}), headers=headers)
        for task_name, args, kwargs in messages
    )
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: _relay_own_after_commit(ids))
    return rows


# After a relay the broker refused, this process leaves the outbox to the relay process for a few
# seconds instead of making every request that commits wait for a broker that is away.
HOLD_OFF_SECONDS = 5.0
_hold_off_until = 0.0


def _relay_in_passing(relay) -> None:
    """Run ``relay`` after a commit unless the broker refused one moments ago; never raise."""
    global _hold_off_until
    if time.monotonic() < _hold_off_until:
        return
    try:
        result = relay()
    except Exception:  # never fail the work that already committed
        logger.exception("outbox relay after commit failed; the relay process will retry")
        result = RelayResult(0, "failed")
    if result.error:
        _hold_off_until = time.monotonic() + HOLD_OFF_SECONDS


def _relay_own_after_commit(ids: list[int]) -> None:
    _relay_in_passing(lambda: relay_own(ids=ids))


def relay_own(*, ids: list[int], app=None) -> RelayResult:
    """Publish the rows one transaction wrote, without waiting for other writers' relays.

    Concurrent workers each publish their own rows; the order between
    different writers' rows does not matter, but a row never overtakes an
    older pending one: if any is waiting, this falls back to the ordered relay.
    """
    app = app or current_app
    if not ids:
        return RelayResult(0)
    if _pending().filter(id__lt=min(ids)).exists():
        return relay_pending(app=app)
    with transaction.atomic():
        batch = list(_pending().select_for_update(skip_locked=True).filter(pk__in=ids).order_by("id"))
        if not batch:
            return RelayResult(0)
        return _publish_batch(app, batch)


def _relay_after_commit() -> None:
    _relay_in_passing(relay_pending)


def relay_pending(*, app=None, batch_size: int = BATCH_SIZE) -> RelayResult:
    """Publish pending messages in id order until none is left or the broker refuses.

    Rows are locked while they are published, so two relays never publish the
    same row at once and order is kept; a publish whose stamp is lost is
    published again (consumers treat ``message_id`` as a dedupe key). Parked
    rows are skipped. Database errors propagate (the caller retries).
    """
    app = app or current_app
    published = parked = 0
    while True:
        with transaction.atomic():
            batch = list(_pending().select_for_update().order_by("id")[:batch_size])
            if not batch:
                return RelayResult(published, parked=parked)
            result = _publish_batch(app, batch)
            published, parked = published + result.published, parked + result.parked
        if result.error:
            return RelayResult(published, result.error, parked)


def _publish_batch(app, batch: list[OutboxMessage]) -> RelayResult:
    """Publish ``batch`` (rows locked by the caller): confirmed rows are stamped, refused ones counted or parked.

    When the broker closes the channel on the batch, it is published again one
    row at a time, so only the row the broker will not take is blamed.
    """
    try:
        outcome = publish_confirmed(app, batch)
    except TRANSIENT_PUBLISH_ERRORS as exc:  # the broker is away: the whole batch waits, in order
        error = f"{type(exc).__name__}: {exc}"
        logger.debug("outbox relay waiting for the broker: %s", error)
        return RelayResult(0, error)
    except Exception as exc:  # the broker refused something in the batch: find which
        if len(batch) > 1:
            published = parked = 0
            for row in batch:
                result = _publish_batch(app, [row])
                published, parked = published + result.published, parked + result.parked
                if result.error:
                    return RelayResult(published, result.error, parked)
            return RelayResult(published, None, parked)
        return _refused(batch[0], f"{type(exc).__name__}: {exc}", permanent=False)
    if outcome.confirmed:
        OutboxMessage.objects.filter(pk__in=[row.pk for row in outcome.confirmed]).update(
            published_at=timezone.now(), attempts=F("attempts") + 1
        )
    result = RelayResult(len(outcome.confirmed))
    for row, reason, permanent in outcome.refused:
        refusal = _refused(row, reason, permanent=permanent)
        result = RelayResult(result.published, result.error or refusal.error, result.parked + refusal.parked)
    return result


def _refused(row: OutboxMessage, reason: str, *, permanent: bool) -> RelayResult:
    """Count a refusal of ``row``; park it when it is permanent or the attempts ran out."""
    row.attempts += 1
    row.last_error = reason[:2000]
    fields = ["attempts", "last_error"]
    if permanent or row.attempts >= max_attempts():
        row.parked_at = timezone.now()
        fields.append("parked_at")
        logger.error("outbox row %s (%s) parked after %d attempt(s): %s", row.pk, row.task_name, row.attempts, reason)
    row.save(update_fields=fields)
    if row.parked_at:
        return RelayResult(0, None, 1)
    logger.warning("outbox row %s (%s) refused (attempt %d of %d): %s", row.pk, row.task_name, row.attempts, max_attempts(), reason)
    return RelayResult(0, reason)


def outbox_requeue_parked(*, ids: list[int] | None = None) -> int:
    """Put parked rows (all, or those in ``ids``) back in line with fresh attempts; returns how many."""
    parked = OutboxMessage.objects.filter(published_at__isnull=True, parked_at__isnull=False)
    if ids is not None:
        parked = parked.filter(pk__in=ids)
    return parked.update(parked_at=None, attempts=0)


@dataclass(frozen=True)
class OutboxState:
    pending: int
    parked: int
    oldest_pending_age_seconds: float | None  # None when nothing is pending


def outbox_state() -> OutboxState:
    """What ``/health/`` reports: pending and parked counts, and how long the oldest pending row has waited."""
    oldest = _pending().order_by("id").values_list("created_at", flat=True).first()
    return OutboxState(
        pending=_pending().count(),
        parked=OutboxMessage.objects.filter(published_at__isnull=True, parked_at__isnull=False).count(),
        oldest_pending_age_seconds=(timezone.now() - oldest).total_seconds() if oldest else None,
    )


def outbox_purge_published(*, older_than: timedelta = timedelta(days=7)) -> int:
    deleted, _ = OutboxMessage.objects.filter(published_at__lt=timezone.now() - older_than).delete()
    return deleted
