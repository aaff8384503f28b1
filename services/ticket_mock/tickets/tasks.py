"""Celery entry points: the status workflow_api reports back for a ticket."""

import logging

from celery import shared_task

from tickets.services import ticket_status_update
from tts_common import messages
from tts_common.celery import TTSTask, message_read

logger = logging.getLogger(__name__)


@shared_task(name=messages.SEND_TICKET_STATUS.task_name, bind=True, base=TTSTask)
def send_ticket_status(self, *args, **kwargs) -> bool:
    """``(ticket_number, new_status)``, positionally or as keywords (``tts_common.messages.TicketStatus``).

    Returns whether the status changed. Unusable arguments (MalformedMessageError,
    naming the field) and a report for an unknown ticket raise an error that is
    not retried: TTSTask logs it and moves the message to the dead-letter queue.
    """
    report = message_read(self, messages.SEND_TICKET_STATUS, args, kwargs)
    try:
        change = ticket_status_update(ticket_number=report.ticket_number, new_status=report.new_status, message_id=self.request.id or "")
    except (LookupError, ValueError):
        logger.warning("status report refused: ticket_number=%r new_status=%r", report.ticket_number, report.new_status)
        raise
    if change is None:
        logger.info("status report for %s changes nothing (%r)", report.ticket_number, report.new_status)
        return False
    logger.info("ticket %s is now %r (was %r)", report.ticket_number, change.status, change.previous_status)
    return True
