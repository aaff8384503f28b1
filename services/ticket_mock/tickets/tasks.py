"""Celery entry points: the status workflow_api reports back for a ticket."""

import logging

from celery import shared_task

from tickets.services import ticket_status_update
from tts_common.celery import TTSTask
from tts_common.routing import SEND_TICKET_STATUS

logger = logging.getLogger(__name__)


@shared_task(name=SEND_TICKET_STATUS, bind=True, base=TTSTask)
def send_ticket_status(self, ticket_number=None, new_status=None) -> bool:
    """``(ticket_number, new_status)``, positionally or as keywords.

    Returns whether the status changed. A report for an unknown ticket or with
    unusable arguments raises an error that is not retried: TTSTask logs it
    and moves the message to the dead-letter queue.
    """
    try:
        change = ticket_status_update(ticket_number=ticket_number, new_status=new_status, message_id=self.request.id or "")
    except (LookupError, ValueError):
        logger.warning("status report refused: ticket_number=%r new_status=%r", ticket_number, new_status)
        raise
    if change is None:
        logger.info("status report for %s changes nothing (%r)", ticket_number, new_status)
        return False
    logger.info("ticket %s is now %r (was %r)", ticket_number, change.status, change.previous_status)
    return True
