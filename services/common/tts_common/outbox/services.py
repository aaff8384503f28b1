"""Writing to the outbox and relaying it to the broker.

``outbox_enqueue`` is called inside the transaction that makes the change;
after that transaction commits, the pending rows are relayed at once, and the
``relay_outbox`` process relays whatever the broker refused at that moment.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from celery import current_app
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tts_common.logging import MESSAGE_HEADER, current_request_id
from tts_common.outbox.models import OutboxMessage
from tts_common.outbox.publishing import publish_confirmed

logger = logging.getLogger(__name__)

BATCH_SIZE = 200


@dataclass(frozen=True)
class RelayResult:
    published: int
    error: str | None = None


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


def _relay_own_after_commit(ids: list[int]) -> None:
    try:
        relay_own(ids=ids)
    except Exception:  # never fail the work that already committed
        logger.exception("outbox relay after commit failed; the relay process will retry")


def relay_own(*, ids: list[int], app=None) -> RelayResult:
    """Publish the rows one transaction wrote, without waiting for other writers' relays.

    Concurrent workers each publish their own rows; the order between
    different writers' rows does not matter, but a row never overtakes an
    older pending one: if any is waiting, this falls back to the ordered relay.
    """
    app = app or current_app
    if not ids:
        return RelayResult(0)
    if OutboxMessage.objects.filter(published_at__isnull=True, id__lt=min(ids)).exists():
        return relay_pending(app=app)
    with transaction.atomic():
        batch = list(OutboxMessage.objects.select_for_update(skip_locked=True).filter(pk__in=ids, published_at__isnull=True).order_by("id"))
        if not batch:
            return RelayResult(0)
        sent, error = _publish_batch(app, batch)
    return RelayResult(sent, error)


def _relay_after_commit() -> None:
    try:
        relay_pending()
    except Exception:  # never fail the request that already committed
        logger.exception("outbox relay after commit failed; the relay process will retry")


def relay_pending(*, app=None, batch_size: int = BATCH_SIZE) -> RelayResult:
    """Publish pending messages in id order until none is left or the broker refuses.

    Rows are locked while they are published, so two relays never publish the
    same row at once and order is kept; a publish whose stamp is lost is
    published again (consumers treat ``message_id`` as a dedupe key).
    """
    app = app or current_app
    published = 0
    while True:
        with transaction.atomic():
            batch = list(OutboxMessage.objects.select_for_update().filter(published_at__isnull=True).order_by("id")[:batch_size])
            if not batch:
                return RelayResult(published)
            sent, error = _publish_batch(app, batch)
            published += sent
        if error:
            return RelayResult(published, error)


def _publish_batch(app, batch: list[OutboxMessage]) -> tuple[int, str | None]:
    """All or nothing: the batch counts as published only once the broker confirmed all of it."""
    try:
        publish_confirmed(app, batch)
    except Exception as exc:  # any refusal leaves the whole batch pending, in order
        error = f"{type(exc).__name__}: {exc}"
        logger.warning("outbox relay stopped: %s", error)
        first = batch[0]
        first.attempts += 1
        first.last_error = error[:2000]
        first.save(update_fields=["attempts", "last_error"])
        return 0, error
    OutboxMessage.objects.filter(pk__in=[message.pk for message in batch]).update(published_at=timezone.now(), attempts=F("attempts") + 1)
    return len(batch), None


def outbox_purge_published(*, older_than: timedelta = timedelta(days=7)) -> int:
    deleted, _ = OutboxMessage.objects.filter(published_at__lt=timezone.now() - older_than).delete()
    return deleted
