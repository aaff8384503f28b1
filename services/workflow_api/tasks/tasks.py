"""workflow_api's own maintenance tasks, on ``tts.workflow.maintenance``."""

from celery import shared_task
from django.db import IntegrityError

from tasks.services.participants import ticket_participants_notify
from tasks.services.sla_sweep import sla_sweep
from tts_common import messages
from tts_common.celery import TTSTask, message_read


@shared_task(name=messages.SLA_SWEEP.task_name, base=TTSTask, bind=True, ignore_result=True)
def sweep_slas(self, *args, **kwargs):
    message_read(self, messages.SLA_SWEEP, args, kwargs)
    result = sla_sweep()
    return {"warned": result.warned, "breached": result.breached, "escalated": result.escalated, "failed": result.failed}


@shared_task(name=messages.NOTIFY_TICKET_PARTICIPANTS.task_name, base=TTSTask, bind=True, ignore_result=True)
def notify_ticket_participants(self, *args, **kwargs):
    """From messaging (keywords of ``tts_common.messages.ParticipantsNotice``): tell the people on the
    ticket's task (never ``author_user_id``) in-app."""
    notice = message_read(self, messages.NOTIFY_TICKET_PARTICIPANTS, args, kwargs)
    try:
        recipients = ticket_participants_notify(
            ticket_number=notice.ticket_number,
            author_user_id=notice.author_user_id,
            notification_type=notice.notification_type,
            subject=notice.subject,
            message=notice.message,
            metadata=notice.metadata,
            message_key=self.request.id,
        )
    except IntegrityError:  # the same message handled by two workers at once: the other one wrote it
        return {"notified": []}
    return {"notified": recipients}
