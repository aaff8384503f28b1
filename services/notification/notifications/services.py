"""Writes: in-app notifications (one or many), preferences, read marks, and the delivery log.

Every message is processed once even when delivered twice: its rows carry a
``dedupe_key`` from the message (unique in the database), so a redelivery, or
two workers handling the same message at once, end with one row; the loser's
insert fails and its transaction is rolled back.

A new in-app notification is pushed live after its transaction commits
(``tts_common.live``); the database stays the source of truth.
"""

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications.messages import InAppRequest
from notifications.models import DeliveryLog, InAppNotification, NotificationPreference
from templating.catalogue import MANDATORY_TYPES, Channel
from templating.services import SUBJECT_MAX_LENGTH, notification_render, one_line
from tts_common import live
from tts_common.celery import TRANSIENT_ERRORS
from tts_common.errors import DomainError
from tts_common.quota import owner_lock

logger = logging.getLogger(__name__)

ERROR_MAX_LENGTH = 2000


def log_key(dedupe_key: str, channel: str) -> str:
    return f"{dedupe_key}:{channel}"


def inapp_recipient(user_id: int) -> str:
    return f"user:{user_id}"


def muted_reason(notification_type: str, channel: str) -> str:
    return f"muted: the recipient turned off {channel} for {notification_type}"


# --- preferences --------------------------------------------------------------------------------


def preference_allows(*, notification_type: str, channel: str, user_id: int | None = None, email: str | None = None) -> bool:
    """Whether the person wants this type on this channel: yes unless they said no (security mail always goes).

    The person is found by ``user_id`` when known, else by the address they had when they set a preference.
    """
    if notification_type in MANDATORY_TYPES:
        return True
    rows = NotificationPreference.objects.filter(notification_type=notification_type, channel=channel)
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    elif email:
        rows = rows.filter(user_email=email.strip().lower()).order_by("-updated_at")
    else:
        return True
    enabled = rows.values_list("enabled", flat=True).first()
    return enabled is None or enabled


def muted_pairs(*, user_ids: Iterable[int], channel: str) -> set[tuple[int, str]]:
    """(user_id, type) pairs these people turned off on ``channel``."""
    return set(
        NotificationPreference.objects.filter(user_id__in=set(user_ids), channel=channel, enabled=False)
        .exclude(notification_type__in=MANDATORY_TYPES)
        .values_list("user_id", "notification_type")
    )


@dataclass(frozen=True)
class PreferenceChange:
    notification_type: str
    channel: str
    enabled: bool


def preferences_set(*, user_id: int, user_email: str, changes: Iterable[PreferenceChange], replace: bool = False) -> None:
    """Record the person's choices; with ``replace``, every choice not given returns to its default (on).

    Callers check the changes first (``MANDATORY_TYPES`` cannot be turned off).
    Raises DomainError (400 naming ``preferences``) when the person would end
    with more than ``NOTIFICATION_PREFERENCES_MAX`` stored choices; nothing is
    changed then.
    """
    email = (user_email or "").strip().lower()
    with transaction.atomic():
        owner_lock("notification_preferences", user_id)  # the count below holds against simultaneous requests
        mine = NotificationPreference.objects.filter(user_id=user_id)
        if replace:
            mine.delete()
        for change in changes:
            NotificationPreference.objects.update_or_create(
                user_id=user_id,
                notification_type=change.notification_type,
                channel=change.channel,
                defaults={"enabled": change.enabled, "user_email": email},
            )
        if mine.count() > settings.NOTIFICATION_PREFERENCES_MAX:
            raise DomainError(f"A person keeps at most {settings.NOTIFICATION_PREFERENCES_MAX} choices.", field="preferences")
        if email:
            mine.exclude(user_email=email).update(user_email=email)


# --- in-app notifications ------------------------------------------------------------------------


def _filled_in(request: InAppRequest) -> tuple[str, str]:
    """The subject and message, with the type's in-app template filling in what the producer left blank."""
    subject, message = request.subject.strip(), request.message
    if subject and message.strip():
        return one_line(subject), message
    context = {
        **request.metadata,
        "subject": subject,
        "message": message,
        "notification_type": request.notification_type,
        "ticket_number": request.related_ticket_number,
        "task_id": request.related_task_id,
        "recipient": inapp_recipient(request.user_id),
    }
    rendered = notification_render(notification_type=request.notification_type, channel=Channel.INAPP, context=context)
    return one_line(subject or rendered.subject), message if message.strip() else rendered.body


def _notification_row(request: InAppRequest, dedupe_key: str, now) -> InAppNotification:
    subject, message = _filled_in(request)
    return InAppNotification(
        user_id=request.user_id,
        subject=subject[:SUBJECT_MAX_LENGTH],
        message=message,
        notification_type=request.notification_type,
        related_task_id=request.related_task_id,
        related_ticket_number=request.related_ticket_number,
        metadata=request.metadata,
        created_at=now,
        dedupe_key=dedupe_key,
    )


def _log_row(request: InAppRequest, dedupe_key: str, *, muted: bool, subject: str, now, message_id: str, task_name: str) -> DeliveryLog:
    return DeliveryLog(
        channel=Channel.INAPP,
        recipient=inapp_recipient(request.user_id),
        user_id=request.user_id,
        notification_type=request.notification_type,
        subject=subject[:SUBJECT_MAX_LENGTH],
        status=DeliveryLog.Status.SKIPPED if muted else DeliveryLog.Status.SENT,
        error=muted_reason(request.notification_type, Channel.INAPP) if muted else "",
        attempts=0 if muted else 1,
        sent_at=None if muted else now,
        task_name=task_name,
        message_id=message_id,
        dedupe_key=log_key(dedupe_key, Channel.INAPP),
        created_at=now,
    )


def inapp_payload(notification: InAppNotification) -> dict:
    """The notification as the REST API shows it, as plain JSON values (what the live push carries)."""
    from notifications.api.serializers import InAppNotificationSerializer

    return json.loads(json.dumps(InAppNotificationSerializer(notification).data, cls=DjangoJSONEncoder))


def inapp_push(notifications: Iterable[InAppNotification]) -> int:
    """Push each to its person's open consoles; returns how many pushes the channel layer took."""
    pushed = 0
    for notification in notifications:
        pushed += live.push_to_user(notification.user_id, {"type": live.NOTIFICATION_EVENT, "notification": inapp_payload(notification)})
    return pushed


def _push_on_commit(notifications: list[InAppNotification]) -> None:
    if notifications:
        transaction.on_commit(lambda: inapp_push(notifications))


@dataclass
class InAppReport:
    created: list[InAppNotification] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (dedupe key, reason): items the database refused


def inapp_notification_create(*, request: InAppRequest, dedupe_key: str, message_id: str = "", task_name: str = "") -> InAppReport:
    """Store one in-app notification (unless the person muted the type, or this message was handled already) and push it on commit."""
    report = InAppReport()
    if DeliveryLog.objects.filter(dedupe_key=log_key(dedupe_key, Channel.INAPP)).exists():
        report.duplicates.append(dedupe_key)
        return report
    muted = not preference_allows(notification_type=request.notification_type, channel=Channel.INAPP, user_id=request.user_id)
    now = timezone.now()
    try:
        with transaction.atomic():
            notification = None if muted else _notification_row(request, dedupe_key, now)
            if notification is not None:
                notification.save(force_insert=True)
            subject = notification.subject if notification else request.subject
            _log_row(request, dedupe_key, muted=muted, subject=subject, now=now, message_id=message_id, task_name=task_name).save(
                force_insert=True
            )
            _push_on_commit([notification] if notification else [])
    except IntegrityError:  # another worker stored this message first
        report.duplicates.append(dedupe_key)
        return report
    if muted:
        report.skipped.append(dedupe_key)
    else:
        report.created.append(notification)
    return report


def inapp_notifications_bulk_create(*, items: list[tuple[str, InAppRequest]], message_id: str = "", task_name: str = "") -> InAppReport:
    """Many notifications in one transaction (bulk inserts); items already handled are skipped.

    If the transaction fails for a reason that is not transient (a concurrent
    worker inserted some of the same items, or the database refuses one item),
    the batch is redone one item at a time: each duplicate is recognised, and
    an item that still fails is reported in ``failed`` with its reason while
    the others are stored. Transient errors (``TRANSIENT_ERRORS``) propagate:
    the whole message is retried, and the items already stored are skipped then.
    """
    report = InAppReport()
    if not items:
        return report
    seen = set(
        DeliveryLog.objects.filter(dedupe_key__in=[log_key(key, Channel.INAPP) for key, _ in items]).values_list("dedupe_key", flat=True)
    )
    fresh: list[tuple[str, InAppRequest]] = []
    for key, request in items:
        if log_key(key, Channel.INAPP) in seen:
            report.duplicates.append(key)
        else:
            fresh.append((key, request))
            seen.add(log_key(key, Channel.INAPP))  # the same key twice in one message counts once
    muted = muted_pairs(user_ids=[request.user_id for _, request in fresh], channel=Channel.INAPP)
    now = timezone.now()
    notifications: list[InAppNotification] = []
    logs: list[DeliveryLog] = []
    for key, request in fresh:
        is_muted = (request.user_id, request.notification_type) in muted
        notification = None if is_muted else _notification_row(request, key, now)
        if notification is not None:
            notifications.append(notification)
        subject = notification.subject if notification else request.subject
        logs.append(_log_row(request, key, muted=is_muted, subject=subject, now=now, message_id=message_id, task_name=task_name))
        if is_muted:
            report.skipped.append(key)
    try:
        with transaction.atomic():
            created = InAppNotification.objects.bulk_create(notifications)
            DeliveryLog.objects.bulk_create(logs)
            _push_on_commit(created)
    except TRANSIENT_ERRORS:
        raise
    except Exception as error:  # IntegrityError: another worker's rows; anything else: one item the database refuses
        logger.info("bulk of %d failed (%s: %s); redoing it one by one", len(fresh), type(error).__name__, error)
        report.skipped.clear()
        for key, request in fresh:
            try:
                single = inapp_notification_create(request=request, dedupe_key=key, message_id=message_id, task_name=task_name)
            except TRANSIENT_ERRORS:
                raise
            except Exception as item_error:  # this item alone is dead-lettered by the caller
                report.failed.append((key, f"{type(item_error).__name__}: {item_error}"))
                continue
            report.created += single.created
            report.duplicates += single.duplicates
            report.skipped += single.skipped
        return report
    report.created = created
    return report


def inapp_mark_read(*, notification: InAppNotification, is_read: bool = True) -> InAppNotification:
    if notification.is_read != is_read:
        notification.is_read = is_read
        notification.read_at = timezone.now() if is_read else None
        notification.save(update_fields=["is_read", "read_at"])
    return notification


def inapp_mark_all_read(*, user_id: int) -> int:
    """Mark every unread notification of the person read; returns how many changed."""
    return InAppNotification.objects.filter(user_id=user_id, is_read=False).update(is_read=True, read_at=timezone.now())


# --- the delivery log ------------------------------------------------------------------------------


def malformed_message_record(
    *,
    channel: str,
    dedupe_key: str,
    reason: str,
    task_name: str = "",
    message_id: str = "",
    recipient: str = "",
    user_id: int | None = None,
    notification_type: str = "",
) -> DeliveryLog:
    """Log a message that can never be delivered (once, however often it arrives)."""
    log, _ = DeliveryLog.objects.get_or_create(
        dedupe_key=log_key(dedupe_key, channel),
        defaults={
            "channel": channel,
            "recipient": recipient or (inapp_recipient(user_id) if user_id and channel == Channel.INAPP else ""),
            "user_id": user_id,
            "notification_type": notification_type,
            "status": DeliveryLog.Status.FAILED,
            "error": f"malformed message: {reason}"[:ERROR_MAX_LENGTH],
            "attempts": 1,
            "task_name": task_name,
            "message_id": message_id,
        },
    )
    return log
