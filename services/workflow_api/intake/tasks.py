"""The consumer of TICKET_TASKS_PRODUCTION."""

from celery import shared_task

from intake.models import IntakeFailure
from intake.parsing import UnusableTicketError, ticket_payload_from
from intake.services import Delivery, intake_failure_record, tickets_receive
from tts_common.celery import dead_letter
from tts_common.routing import RECEIVE_TICKET, TICKET_QUEUE


def _dead_letter(task, failure: IntakeFailure, args, kwargs) -> None:
    dead_letter(task.app, task_name=task.name, task_id=task.request.id, args=args, kwargs=kwargs, reason=failure.reason, queue=TICKET_QUEUE)


@shared_task(name=RECEIVE_TICKET, bind=True)
def receive_ticket(self, *args, **kwargs):
    """One ticket, exactly as the HDTS sends it; a message that can never work is recorded and dead-lettered."""
    try:
        payload = ticket_payload_from(args, kwargs)
    except UnusableTicketError as error:
        failure = intake_failure_record(
            delivery=Delivery(payload={"args": list(args), "kwargs": kwargs}, message_id=self.request.id or ""), reason=str(error)
        )
        failure.save()
        _dead_letter(self, failure, args, kwargs)
        return {"failed": failure.reason}
    report = tickets_receive(deliveries=[Delivery(payload=payload, message_id=self.request.id or "")])
    for failure in report.failures:
        _dead_letter(self, failure, args, kwargs)
    return {"created": report.created, "duplicates": report.duplicates, "failed": [f.reason for f in report.failures]}
