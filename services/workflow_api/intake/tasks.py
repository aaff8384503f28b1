"""The consumer of TICKET_TASKS_PRODUCTION, in batches.

celery-batches buffers the messages a worker has prefetched and hands them
over together, so a batch of tickets is matched, assigned and written in one
transaction. Messages are acknowledged only after the batch returns (late
acks), so a worker that dies mid-batch has them redelivered, and intake is
idempotent, so redelivery is safe.

Inside a batch, Celery's own retry cannot apply, so a passing fault (the
database away) republishes the batch's messages with a growing countdown and
dead-letters them after ``MAX_ATTEMPTS``; a message that can never work is
recorded and dead-lettered at once. The worker keeps going either way.
"""

import logging

from celery import shared_task
from celery_batches import Batches

from intake.parsing import UnusableTicketError, ticket_payload_from
from intake.services import Delivery, tickets_receive
from tts_common.celery import TRANSIENT_ERRORS, dead_letter
from tts_common.env import env_int
from tts_common.routing import RECEIVE_TICKET, TICKET_QUEUE

logger = logging.getLogger(__name__)

ATTEMPT_HEADER = "tts_intake_attempt"
MAX_ATTEMPTS = 8
BATCH_SIZE = env_int("INTAKE_BATCH_SIZE", 200)


def _attempt(request) -> int:
    headers = (request.request_dict or {}).get("headers") or {}
    value = (request.request_dict or {}).get(ATTEMPT_HEADER) or headers.get(ATTEMPT_HEADER) or 0
    return int(value) if str(value).isdigit() else 0


def _dead_letter(task, request, reason: str) -> None:
    dead_letter(
        task.app, task_name=RECEIVE_TICKET, task_id=request.id, args=request.args, kwargs=request.kwargs, reason=reason, queue=TICKET_QUEUE
    )


def _retry_later(task, requests, error: Exception) -> None:
    for request in requests:
        attempt = _attempt(request) + 1
        if attempt > MAX_ATTEMPTS:
            _dead_letter(task, request, f"gave up after {MAX_ATTEMPTS} attempts: {type(error).__name__}: {error}")
            continue
        task.app.send_task(
            RECEIVE_TICKET,
            args=request.args,
            kwargs=request.kwargs,
            queue=TICKET_QUEUE,
            task_id=request.id,
            countdown=min(2**attempt, 300),
            headers={ATTEMPT_HEADER: attempt},
        )


@shared_task(name=RECEIVE_TICKET, base=Batches, bind=True, flush_every=BATCH_SIZE, flush_interval=0.05)
def receive_ticket(self, requests):
    """Tickets exactly as the HDTS sends them: one dict, positional or as ``ticket_data``."""
    deliveries = []
    for request in requests:
        args, kwargs = tuple(request.args or ()), dict(request.kwargs or {})
        try:
            deliveries.append(Delivery(payload=ticket_payload_from(args, kwargs), message_id=request.id or "", origin=request))
        except UnusableTicketError as error:
            unreadable = {"args": list(args), "kwargs": kwargs}
            deliveries.append(Delivery(payload=unreadable, message_id=request.id or "", unusable=str(error), origin=request))
    try:
        report = tickets_receive(deliveries=deliveries)
    except TRANSIENT_ERRORS as error:
        logger.warning("intake batch of %d deferred: %s", len(requests), error)
        _retry_later(self, requests, error)
        return {"deferred": len(requests)}
    for failure in report.failures:
        _dead_letter(self, failure.delivery.origin, failure.reason)
    return {"created": len(report.created), "duplicates": len(report.duplicates), "failed": len(report.failures)}
