from celery import shared_task
from django.db import IntegrityError

from tasks.services.participants import ticket_participants_notify
from tasks.services.sla_sweep import sla_sweep
from tts_common.celery import TTSTask
from tts_common.routing import NOTIFY_TICKET_PARTICIPANTS, SLA_SWEEP


@shared_task(name=SLA_SWEEP, base=TTSTask, ignore_result=True)
def sweep_slas():
    result = sla_sweep()
    return {"warned": result.warned, "breached": result.breached, "escalated": result.escalated, "failed": result.failed}


@shared_task(name=NOTIFY_TICKET_PARTICIPANTS, base=TTSTask, bind=True, ignore_result=True)
def notify_ticket_participants(
    self,
    ticket_number: str,
    author_user_id: int | None = None,
    notification_type: str = "comment_added",
    subject: str = "",
    message: str = "",
    metadata: dict | None = None,
):
    """From messaging: tell the people on the ticket's task (never ``author_user_id``) in-app."""
    try:
        recipients = ticket_participants_notify(
            ticket_number=ticket_number,
            author_user_id=author_user_id,
            notification_type=notification_type,
            subject=subject,
            message=message,
            metadata=metadata,
            message_key=self.request.id,
        )
    except IntegrityError:  # the same message handled by two workers at once: the other one wrote it
        return {"notified": []}
    return {"notified": recipients}
