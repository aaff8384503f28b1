"""Email delivery through Django's email backends, once per message, with bounded retries.

One DeliveryLog row per message (``dedupe_key``), updated across attempts:

1. **Claim** (a short transaction, the row locked): a row that is already
   ``sent``, ``skipped`` or ``failed`` means this message was handled (a
   redelivery): nothing more is done. A row ``sending`` means another worker
   is sending it right now: look again later (``busy``), unless the process
   that claimed it (``claimed_by``, host:pid) is gone from this host (Celery
   terminated the attempt when its broker connection dropped, or the worker
   died) or the attempt is older than ``EMAIL_SENDING_STALE_SECONDS`` (a
   process of another host), which is taken over. A muted type ends
   ``skipped``. Otherwise the attempt is counted and the row says ``sending``.
2. **Send**, outside any transaction (an SMTP conversation can be slow).
3. **Record**, through a database blink (``tts_common.dbretry.outcome_record``):
   ``sent``; or, when the server refused or could not be reached
   (``smtplib.SMTPException``, ``OSError``), ``retrying`` with the error and a
   countdown of ``EMAIL_RETRY_BASE_SECONDS x 2^(attempt - 1)`` (at most
   ``EMAIL_RETRY_MAX_SECONDS``), and ``failed`` once ``EMAIL_RETRY_MAX_ATTEMPTS``
   attempts have failed. Any other error fails at once.

The caller (the Celery task) turns ``retry`` and ``busy`` into a Celery retry
of the same message, and ``failed`` into a final failure (dead-lettered).
"""

import logging
import os
import smtplib
import socket
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from notifications.messages import EmailRequest
from notifications.models import DeliveryLog
from notifications.services import ERROR_MAX_LENGTH, log_key, muted_reason, preference_allows
from templating.catalogue import Channel
from templating.services import Rendered, notification_render
from tts_common.dbretry import outcome_record

logger = logging.getLogger(__name__)

RETRIABLE_ERRORS: tuple[type[BaseException], ...] = (smtplib.SMTPException, OSError)


class Outcome:
    SENT = "sent"
    SKIPPED = "skipped"  # muted by preference
    DUPLICATE = "duplicate"  # this message was handled before
    BUSY = "busy"  # another worker is sending this message now
    RETRY = "retry"
    FAILED = "failed"


@dataclass(frozen=True)
class EmailOutcome:
    status: str
    log_id: int | None = None
    countdown: int | None = None
    error: str = ""


def retry_countdown(attempt: int) -> int:
    return min(settings.EMAIL_RETRY_BASE_SECONDS * 2 ** max(attempt - 1, 0), settings.EMAIL_RETRY_MAX_SECONDS)


def email_context(request: EmailRequest) -> dict:
    return {
        "frontend_url": settings.FRONTEND_URL.rstrip("/"),
        **request.context,
        "notification_type": request.notification_type,
        "recipient": request.to,
    }


def this_process() -> str:
    """``host:pid`` of this process, as a claim names its claimer."""
    return f"{socket.gethostname()}:{os.getpid()}"


def claimer_alive(claimed_by: str) -> bool:
    """Whether the process a claim names (``host:pid``) may still be sending: True unless it ran on this host
    and is gone. Another host's process (or a row from before claims were named) only goes stale with time."""
    host, _, pid = claimed_by.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


def _claim(
    request: EmailRequest, dedupe_key: str, *, message_id: str, task_name: str
) -> tuple[EmailOutcome | None, DeliveryLog, Rendered | None]:
    """Lock the message's row and decide; (None, row, rendered) means: send it now."""
    with transaction.atomic():
        row, created = DeliveryLog.objects.get_or_create(
            dedupe_key=log_key(dedupe_key, Channel.EMAIL),
            defaults={
                "channel": Channel.EMAIL,
                "recipient": request.to,
                "user_id": request.user_id,
                "notification_type": request.notification_type,
                "status": DeliveryLog.Status.SENDING,
                "task_name": task_name,
                "message_id": message_id,
            },
        )
        row = DeliveryLog.objects.select_for_update().get(pk=row.pk)
        if row.status in DeliveryLog.FINAL_STATUSES:
            return EmailOutcome(Outcome.DUPLICATE, row.pk), row, None
        stale_before = timezone.now() - timedelta(seconds=settings.EMAIL_SENDING_STALE_SECONDS)
        if not created and row.status == DeliveryLog.Status.SENDING and row.updated_at > stale_before and claimer_alive(row.claimed_by):
            return EmailOutcome(Outcome.BUSY, row.pk, countdown=settings.EMAIL_IN_FLIGHT_RECHECK_SECONDS), row, None
        if not preference_allows(
            notification_type=request.notification_type, channel=Channel.EMAIL, user_id=request.user_id, email=request.to
        ):
            row.status = DeliveryLog.Status.SKIPPED
            row.error = muted_reason(request.notification_type, Channel.EMAIL)
            row.save(update_fields=["status", "error", "updated_at"])
            return EmailOutcome(Outcome.SKIPPED, row.pk), row, None
        rendered = notification_render(notification_type=request.notification_type, channel=Channel.EMAIL, context=email_context(request))
        row.subject = rendered.subject
        row.status = DeliveryLog.Status.SENDING
        row.attempts += 1
        row.claimed_by = this_process()
        row.save(update_fields=["subject", "status", "attempts", "claimed_by", "updated_at"])
    return None, row, rendered


def _record(row: DeliveryLog, status: str, *, error: str = "") -> None:
    """The attempt's outcome on its row, through a database blink (``outcome_record``): the mail has gone,
    and a row left ``sending`` would hold every later try of the message back until it goes stale."""
    now = timezone.now()
    changes = {"status": status, "error": error[:ERROR_MAX_LENGTH], "updated_at": now}
    if status == DeliveryLog.Status.SENT:
        changes["sent_at"] = now
    outcome_record(lambda: DeliveryLog.objects.filter(pk=row.pk).update(**changes))


def email_send(*, to: str, rendered: Rendered, notification_type: str, delivery_id: int) -> None:
    """One attempt through the configured backend; raises what the backend raises."""
    EmailMessage(
        subject=rendered.subject,
        body=rendered.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"X-TTS-Notification-Type": notification_type, "X-TTS-Delivery-Id": str(delivery_id)},
    ).send(fail_silently=False)


def email_deliver(*, request: EmailRequest, dedupe_key: str, message_id: str = "", task_name: str = "") -> EmailOutcome:
    """One attempt at the message's mail (see the module's docstring); never raises for the mail server's sake."""
    decided, row, rendered = _claim(request, dedupe_key, message_id=message_id, task_name=task_name)
    if decided is not None:
        return decided
    try:
        email_send(to=request.to, rendered=rendered, notification_type=request.notification_type, delivery_id=row.pk)
    except RETRIABLE_ERRORS as error:
        reason = f"attempt {row.attempts}: {type(error).__name__}: {error}"
        if row.attempts >= settings.EMAIL_RETRY_MAX_ATTEMPTS:
            logger.error("mail %s to %s failed for good after %d attempts: %s", row.pk, request.to, row.attempts, reason)
            _record(row, DeliveryLog.Status.FAILED, error=f"gave up after {row.attempts} attempts; last {reason}")
            return EmailOutcome(Outcome.FAILED, row.pk, error=reason)
        countdown = retry_countdown(row.attempts)
        logger.warning("mail %s to %s refused (%s); retrying in %ss", row.pk, request.to, reason, countdown)
        _record(row, DeliveryLog.Status.RETRYING, error=reason)
        return EmailOutcome(Outcome.RETRY, row.pk, countdown=countdown, error=reason)
    except Exception as error:  # not the server's fault: retrying would not help
        reason = f"attempt {row.attempts}: {type(error).__name__}: {error}"
        logger.exception("mail %s to %s could not be built or sent", row.pk, request.to)
        _record(row, DeliveryLog.Status.FAILED, error=reason)
        return EmailOutcome(Outcome.FAILED, row.pk, error=reason)
    _record(row, DeliveryLog.Status.SENT)
    return EmailOutcome(Outcome.SENT, row.pk)
