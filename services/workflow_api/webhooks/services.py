"""Webhook subscriptions and deliveries: what happens, in one place.

Events become deliveries in the transaction that made them (:func:`webhook_events_enqueue`, called where audit
events are written; :func:`comment_event_enqueue` for messaging's comments): one ``Delivery`` row per matching
active subscription and one ``webhooks.deliver`` message per row, through the outbox, so a rolled-back change
sends nothing. :func:`delivery_attempt` POSTs one, signed; a failure is retried with exponential backoff and
jitter (:func:`retry_delay`) until ``WEBHOOK_RETRY_WINDOW_SECONDS`` (a day) after the first attempt, and a
subscription whose deliveries have failed without a success for ``WEBHOOK_DISABLE_AFTER_SECONDS`` (a day) is
switched off and its owner told in-app. Settings are documented in docs/operations.md ("Webhooks").
"""

import json
import random
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tts_common import messages
from tts_common.dbretry import outcome_record
from tts_common.errors import Conflict
from tts_common.outbox.services import outbox_enqueue_many
from webhooks.addresses import TargetRefusedError, target_check
from webhooks.models import Delivery, EventType, Subscription
from webhooks.signing import SIGNATURE_HEADER, secret_generate, signature_header
from webhooks.transport import Answer, post

if TYPE_CHECKING:  # audit.services calls in here
    from audit.services import Actor

# audit action -> the webhook events it is (task.completed only when the transition completed the task)
EVENTS_BY_ACTION: dict[str, tuple[str, ...]] = {
    "task.created": (EventType.TASK_CREATED,),
    "task.assigned": (EventType.TASK_ASSIGNED,),
    "task.transitioned": (EventType.TASK_TRANSITIONED, EventType.TASK_COMPLETED),
    "sla.breached": (EventType.TASK_SLA_BREACHED,),
}
COMMENT_EVENT_NAMESPACE = uuid.UUID("6f1b2a4e-8c1d-4f0e-9a51-2b7c3d9e0a11")
WEBHOOK_DISABLED = "webhook_disabled"


# --- subscriptions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SubscriptionCreated:
    subscription: Subscription
    secret: str  # shown once, in the create response


def subscription_create(
    *, actor: "Actor", url: str, events: list[str], secret: str = "", description: str = "", is_active: bool = True
) -> SubscriptionCreated:
    """A new subscription owned by ``actor``; ``secret`` generated when empty. TargetRefusedError (400 ``url``)."""
    target_check(url)
    secret = secret or secret_generate()
    subscription = Subscription.objects.create(
        url=url, events=_distinct(events), secret=secret, description=description, is_active=is_active,
        owner_user_id=actor.user_id, owner_email=actor.email,
    )  # fmt: skip
    return SubscriptionCreated(subscription, secret)


def subscription_update(*, subscription: Subscription, **fields) -> Subscription:
    """Change ``url``, ``events``, ``secret``, ``description`` or ``is_active``; turning it on again clears the failure state."""
    if "url" in fields and fields["url"] != subscription.url:
        target_check(fields["url"])
    if "events" in fields:
        fields["events"] = _distinct(fields["events"])
    if fields.get("is_active") and not subscription.is_active:
        subscription.failing_since, subscription.disabled_at, subscription.disabled_reason = None, None, ""
    for name, value in fields.items():
        setattr(subscription, name, value)
    subscription.save()
    return subscription


def _distinct(events: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(events))


def _subscription_disable(subscription: Subscription, *, now: datetime, reason: str) -> None:
    """Switch ``subscription`` (locked) off and tell its owner in-app, in the caller's transaction."""
    subscription.is_active, subscription.disabled_at, subscription.disabled_reason = False, now, reason[:500]
    subscription.save(update_fields=["is_active", "disabled_at", "disabled_reason", "updated_at"])
    if subscription.owner_user_id:
        messages.CREATE_INAPP_NOTIFICATION.enqueue(
            user_id=subscription.owner_user_id,
            subject=f"Webhook disabled: {subscription.url}"[:255],
            message=f"Deliveries to {subscription.url} have failed for a day, so it was switched off: {reason} "
            "Fix the receiver, then turn the webhook on again and redeliver what it missed.",
            notification_type=WEBHOOK_DISABLED,
            metadata={"subscription_id": subscription.pk, "url": subscription.url},
        )


# --- events -> deliveries ----------------------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def task_data(task, details: dict | None = None) -> dict:
    """A delivery's ``data`` for a task event: the task as it stands, ``details`` the change (the audit event's ``after``)."""
    return {
        "id": task.pk,
        "ticket_number": task.ticket_number,
        "subject": task.subject,
        "status": task.status,
        "priority": task.priority,
        "workflow": task.workflow_id,
        "current_step": task.current_step_name,
        "current_role": task.current_role,
        "owner_user_id": task.owner_user_id,
        "resolution": task.resolution,
        "received_at": _iso(task.received_at),
        "target_resolution": _iso(task.target_resolution),
        "completed_at": _iso(task.completed_at),
        "details": details or {},
    }


def webhook_events_enqueue(events: Iterable) -> list[Delivery]:
    """Deliveries for the webhook events among ``events`` (audit events, saved or about to be), in the caller's transaction.

    Costs nothing but a loop when no event maps to a webhook, one query when no subscription is active.
    """
    relevant = [event for event in events if event.action in EVENTS_BY_ACTION and event.task is not None]
    if not relevant:
        return []
    subscriptions = list(Subscription.objects.filter(is_active=True))
    if not subscriptions:
        return []
    items = []
    for event in relevant:
        after = event.after if isinstance(event.after, dict) else {}
        for event_type in EVENTS_BY_ACTION[event.action]:
            if event_type == EventType.TASK_COMPLETED and (after.get("status") or event.task.status) != "completed":
                continue
            items.append((str(event_type), uuid.uuid4(), task_data(event.task, after)))
    return _deliveries_create(items, subscriptions)


def comment_event_enqueue(*, comment: messages.CommentCreated) -> list[Delivery]:
    """Deliveries of ``comment.created``; the same comment delivered twice by the queue makes them once."""
    event_id = uuid.uuid5(COMMENT_EVENT_NAMESPACE, str(comment.id))
    with transaction.atomic():
        if Delivery.objects.filter(event_id=event_id).exists():
            return []
        subscriptions = list(Subscription.objects.filter(is_active=True))
        return _deliveries_create([(EventType.COMMENT_CREATED.value, event_id, comment.model_dump(mode="json"))], subscriptions)


def _deliveries_create(items: list[tuple[str, uuid.UUID, dict]], subscriptions: list[Subscription]) -> list[Delivery]:
    now = timezone.now()
    rows = []
    for event_type, event_id, data in items:
        body = {"id": str(event_id), "type": event_type, "created_at": now.isoformat(), "data": data}
        rows += [
            Delivery(subscription=subscription, event_id=event_id, event_type=event_type, body=body, next_attempt_at=now, enqueued_at=now)
            for subscription in subscriptions
            if event_type in subscription.events
        ]
    if rows:
        Delivery.objects.bulk_create(rows)
        outbox_enqueue_many([messages.DELIVER_WEBHOOK.build(delivery_id=row.pk) for row in rows])
    return rows


# --- attempts ------------------------------------------------------------------------------------


def retry_delay(attempts: int, *, rng: Callable[[], float] = random.random) -> float:
    """Seconds before the next try after ``attempts`` failed ones (>= 1): exponential, capped, with jitter.

    The ceiling is ``WEBHOOK_RETRY_BASE_SECONDS * 2**(attempts-1)`` up to ``WEBHOOK_RETRY_MAX_SECONDS``; the
    delay is drawn from its upper half, so it still grows while receivers that failed together spread out.
    """
    ceiling = min(float(settings.WEBHOOK_RETRY_MAX_SECONDS), settings.WEBHOOK_RETRY_BASE_SECONDS * 2.0 ** min(max(attempts, 1) - 1, 40))
    return ceiling / 2 + rng() * ceiling / 2


def _serialised(body: dict) -> bytes:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def delivery_attempt(*, delivery_id: int, send: Callable[..., Answer] = post) -> Delivery | None:
    """Try ``delivery_id`` once when it is due; returns the row after (None when it does not exist, or no longer:
    a deleted webhook's queued deliveries end quietly, like settled ones).

    Idempotent: a delivery already settled, or not yet due (a duplicate message; another worker holds it),
    is left alone. The row is claimed (``next_attempt_at`` moved ``WEBHOOK_CLAIM_SECONDS`` on) before the
    POST, outside any transaction; a worker that dies mid-POST leaves it to the sweep.
    """
    now = timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or delivery.status in (Delivery.Status.SUCCEEDED, Delivery.Status.FAILED):
            return delivery
        if delivery.next_attempt_at and delivery.next_attempt_at > now:
            return delivery
        subscription = delivery.subscription
        if not subscription.is_active:
            delivery.status, delivery.next_attempt_at = Delivery.Status.FAILED, None
            delivery.last_error = "not sent: the subscription is switched off"
            delivery.save()
            return delivery
        delivery.attempts += 1
        delivery.first_attempt_at = delivery.first_attempt_at or now
        delivery.last_attempt_at = now
        delivery.next_attempt_at = now + timedelta(seconds=settings.WEBHOOK_CLAIM_SECONDS)
        delivery.save()
        url, secret, body = subscription.url, subscription.secret, _serialised(delivery.body)
    headers = {
        SIGNATURE_HEADER: signature_header(secret=secret, timestamp=int(time.time()), body=body),
        "X-TTS-Event": delivery.event_type,
        "X-TTS-Delivery": str(delivery.pk),
    }
    try:
        answer = send(target=target_check(url), body=body, headers=headers)
    except TargetRefusedError as refused:  # re-checked at every attempt: the name may resolve elsewhere now
        answer = Answer(None, f"refused: {refused.detail}")
    # The POST has happened: its outcome is written through a database blink, or the row would wait for the sweep.
    return outcome_record(lambda: _attempt_record(delivery_id=delivery_id, answer=answer))


def _attempt_record(*, delivery_id: int, answer: Answer) -> Delivery | None:
    """The attempt's outcome on the row; None when the row is gone (its webhook was deleted during the POST)."""
    now = timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None:
            return None
        subscription = Subscription.objects.select_for_update().filter(pk=delivery.subscription_id).first()
        if subscription is None:
            return None
        delivery.last_response_code, delivery.last_error = answer.status, answer.error[:2000]
        if answer.ok:
            delivery.status, delivery.delivered_at, delivery.next_attempt_at = Delivery.Status.SUCCEEDED, now, None
            if subscription.failing_since is not None:
                subscription.failing_since = None
                subscription.save(update_fields=["failing_since", "updated_at"])
        else:
            window_over = now - delivery.first_attempt_at >= timedelta(seconds=settings.WEBHOOK_RETRY_WINDOW_SECONDS)
            if window_over:
                delivery.status, delivery.next_attempt_at = Delivery.Status.FAILED, None
            else:
                delivery.status = Delivery.Status.RETRYING
                delivery.next_attempt_at = now + timedelta(seconds=retry_delay(delivery.attempts))
                delivery.enqueued_at = None
            if subscription.failing_since is None:
                subscription.failing_since = now
                subscription.save(update_fields=["failing_since", "updated_at"])
            failing_for = now - subscription.failing_since
            if subscription.is_active and failing_for >= timedelta(seconds=settings.WEBHOOK_DISABLE_AFTER_SECONDS):
                what = f"HTTP {answer.status}" if answer.status else (answer.error or "no answer")
                _subscription_disable(subscription, now=now, reason=f"every delivery failed for {failing_for} (last: {what[:200]}).")
        delivery.save()
    return delivery


def delivery_schedule_soon(*, delivery: Delivery) -> float | None:
    """The countdown to send ``delivery`` with when its retry is near (``WEBHOOK_ETA_MAX_SECONDS``), marking it queued;
    None when the sweep will send it."""
    if delivery.status != Delivery.Status.RETRYING or delivery.next_attempt_at is None:
        return None
    countdown = (delivery.next_attempt_at - timezone.now()).total_seconds() + 0.5
    if countdown > settings.WEBHOOK_ETA_MAX_SECONDS:
        return None
    Delivery.objects.filter(pk=delivery.pk, enqueued_at__isnull=True).update(enqueued_at=timezone.now())
    return max(countdown, 0.0)


def deliveries_due_enqueue(*, limit: int = 500) -> int:
    """Queue the deliveries that are due and have no live message (never queued since they failed, or queued
    more than ``WEBHOOK_REQUEUE_AFTER_SECONDS`` ago); returns how many."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.WEBHOOK_REQUEUE_AFTER_SECONDS)
    with transaction.atomic():
        due = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(status__in=[Delivery.Status.PENDING, Delivery.Status.RETRYING], next_attempt_at__lte=now)
            .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=stale))
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:limit]
        )
        if due:
            Delivery.objects.filter(pk__in=due).update(enqueued_at=now)
            outbox_enqueue_many([messages.DELIVER_WEBHOOK.build(delivery_id=pk) for pk in due])
    return len(due)


def delivery_redeliver(*, delivery: Delivery) -> Delivery:
    """A new delivery of the same event (same body and ``id``) to the same subscription, queued now.

    Conflict (409) when the subscription is switched off: turn it on first.
    """
    subscription = delivery.subscription
    if not subscription.is_active:
        raise Conflict("The webhook is switched off; turn it on before redelivering.")
    now = timezone.now()
    again = Delivery.objects.create(
        subscription=subscription, event_id=delivery.event_id, event_type=delivery.event_type, body=delivery.body,
        next_attempt_at=now, enqueued_at=now, redelivery_of=delivery,
    )  # fmt: skip
    messages.DELIVER_WEBHOOK.enqueue(delivery_id=again.pk)
    return again
