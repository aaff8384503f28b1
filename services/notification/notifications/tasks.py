"""The notification worker's Celery entry points, under the contract's permanent names.

Each reads its message (``notifications.messages``), calls a service and
shapes the outcome. A malformed message is logged as a failed delivery and
then fails for good (not retried: TTSTask dead-letters it); a bulk message
dead-letters only its malformed items. Database or broker faults are
retried by TTSTask; a refused mail is retried here with backoff.
"""

import logging

from celery import shared_task
from celery.exceptions import Reject

from notifications.delivery import EmailOutcome, Outcome, email_deliver
from notifications.messages import EmailRequest, assignment_email_from, best_effort_details, message_key, send_email_from
from notifications.services import inapp_notification_create, inapp_notifications_bulk_create, malformed_message_record
from templating.catalogue import Channel
from tts_common import messages
from tts_common.celery import TTSTask, dead_letter, message_read
from tts_common.messages import InAppNotification, MalformedMessageError, MessageDefinition

logger = logging.getLogger(__name__)

# Celery's own bound on retries of one message (refused mail and "another worker is on it" waits);
# the mail's attempts are bounded by EMAIL_RETRY_MAX_ATTEMPTS first.
MAX_MESSAGE_RETRIES = 30


class EmailDeliveryFailedError(Exception):
    """Every attempt at a mail failed (or it could not be built); logged, then dead-lettered."""


def _read(task, channel: str, definition: MessageDefinition, args, kwargs):
    """The message's payload, or: log it as a failed delivery and raise MalformedMessageError (dead-lettered by TTSTask)."""

    def log_failed_delivery(error: MalformedMessageError) -> None:
        malformed_message_record(
            channel=channel,
            dedupe_key=message_key(task.request.id),
            reason=str(error),
            task_name=task.name,
            message_id=task.request.id or "",
            **best_effort_details(kwargs or dict(zip(definition.field_names, args, strict=False))),
        )

    return message_read(task, definition, args, kwargs, on_malformed=log_failed_delivery)


def _deliver_email(task, request: EmailRequest) -> str:
    outcome: EmailOutcome = email_deliver(
        request=request, dedupe_key=message_key(task.request.id), message_id=task.request.id or "", task_name=task.name
    )
    if outcome.status in (Outcome.RETRY, Outcome.BUSY):
        raise task.retry(countdown=outcome.countdown, max_retries=MAX_MESSAGE_RETRIES)
    if outcome.status == Outcome.FAILED:
        raise EmailDeliveryFailedError(f"delivery {outcome.log_id}: {outcome.error}")
    return outcome.status


@shared_task(name=messages.SEND_ASSIGNMENT_NOTIFICATION.task_name, bind=True, base=TTSTask)
def send_assignment_notification(self, *args, **kwargs) -> str:
    """Mail the assignee with the ``task_assignment`` template.

    Keywords: ``user_id``, ``user_email``, ``task_id``, ``ticket_number``, ``task_title``, ``role_name``.
    """
    return _deliver_email(self, assignment_email_from(_read(self, Channel.EMAIL, messages.SEND_ASSIGNMENT_NOTIFICATION, args, kwargs)))


@shared_task(name=messages.SEND_EMAIL.task_name, bind=True, base=TTSTask)
def send_email(self, *args, **kwargs) -> str:
    """Mail ``to`` with the template of type ``template`` rendered with ``context`` (auth's passcodes, resets, alerts)."""
    return _deliver_email(self, send_email_from(_read(self, Channel.EMAIL, messages.SEND_EMAIL, args, kwargs)))


@shared_task(name=messages.CREATE_INAPP_NOTIFICATION.task_name, bind=True, base=TTSTask)
def create_inapp_notification(self, *args, **kwargs) -> int | None:
    """Store one in-app notification and push it live; returns its id (None when muted or already stored)."""
    request = _read(self, Channel.INAPP, messages.CREATE_INAPP_NOTIFICATION, args, kwargs)
    report = inapp_notification_create(
        request=request, dedupe_key=message_key(self.request.id), message_id=self.request.id or "", task_name=self.name
    )
    return report.created[0].pk if report.created else None


@shared_task(name=messages.BULK_CREATE_NOTIFICATIONS.task_name, bind=True, base=TTSTask)
def bulk_create_notifications(self, *args, **kwargs) -> dict:
    """``{"notifications": [<create_inapp_notification keywords>, ...]}``: all stored in one transaction, each pushed live.

    Each item is deduplicated by the message id and its index. Malformed items
    are logged and dead-lettered on their own, and so are items the database
    refuses (NUL...); the others are stored.
    """
    bulk = _read(self, Channel.INAPP, messages.BULK_CREATE_NOTIFICATIONS, args, kwargs)
    raw_items = bulk.notifications
    key = message_key(self.request.id)
    items, malformed = [], []
    for index, (raw, item) in enumerate(zip(raw_items, bulk.items(), strict=True)):
        item_key = f"{key}:{index}"
        if isinstance(item, InAppNotification):
            items.append((item_key, item))
        else:
            malformed.append((raw, str(item)))
            malformed_message_record(
                channel=Channel.INAPP,
                dedupe_key=item_key,
                reason=str(item),
                task_name=self.name,
                message_id=self.request.id or "",
                **best_effort_details(raw),
            )
    report = inapp_notifications_bulk_create(items=items, message_id=self.request.id or "", task_name=self.name)
    for item_key, reason in report.failed:
        index = item_key.rsplit(":", 1)[1]
        malformed.append((raw_items[int(index)], f"notifications.{index}: {reason}"))
    if malformed:
        logger.warning("bulk message %s had %d malformed or refused item(s)", self.request.id, len(malformed))
        settled = dead_letter(
            self.app,
            task_name=self.name,
            task_id=self.request.id,
            args=[],
            kwargs={"notifications": [raw for raw, _ in malformed]},
            reason="malformed items: " + "; ".join(reason for _, reason in malformed),
            queue=(self.request.delivery_info or {}).get("routing_key"),
        )
        if not settled:  # redelivered: the stored items are recognised then, these are tried again
            raise Reject("the bad items could be neither dead-lettered nor recorded", requeue=True)
    return {
        "created": len(report.created),
        "duplicates": len(report.duplicates),
        "skipped": len(report.skipped),
        "malformed": len(malformed),
    }
