"""The consumer of TICKET_TASKS_PRODUCTION, in batches.

celery-batches buffers the messages a worker has prefetched and hands them
over together, so a batch of tickets is matched, assigned and written in one
transaction; when that fails for a reason that is not transient, the batch
is retried one ticket at a time (``intake.services.tickets_receive``), so a
bad ticket costs only itself.

Every message is settled before it is acknowledged: its task committed, a
duplicate recognised, its failure recorded (``IntakeFailure``) and
dead-lettered, or, after a passing fault (the database away), republished
with a growing countdown and dead-lettered after ``MAX_ATTEMPTS``. A message
that could not be settled (its failure neither stored nor dead-lettered, its
republish refused) is rejected back to the queue instead of acknowledged;
``SettledBatches`` does that. The worker keeps going either way.
"""

import logging

from celery import shared_task
from celery_batches import Batches, SimpleRequest, consume_queue
from celery_batches.trace import apply_batches_task

from audit import metrics
from intake.parsing import UnusableTicketError, ticket_payload_from
from intake.services import Delivery, tickets_receive
from tts_common.celery import dead_letter
from tts_common.env import env_int
from tts_common.routing import RECEIVE_TICKET, TICKET_QUEUE

logger = logging.getLogger(__name__)

ATTEMPT_HEADER = "tts_intake_attempt"
MAX_ATTEMPTS = 8
BATCH_SIZE = env_int("INTAKE_BATCH_SIZE", 200)


class SettledBatches(Batches):
    """``Batches`` that acknowledges only what the batch settled.

    celery-batches acknowledges every message of a batch once the task
    returns, even when it raised. Here the task returns ``{"unsettled": [ids]}``;
    those messages, and all of them when the task raised (it returns None),
    are rejected with requeue so the broker delivers them again.
    """

    def Strategy(self, task, app, consumer):  # noqa: N802 (Celery's name)
        """celery-batches' strategy, re-armed for the consumer Celery (re)starts after a lost connection.

        celery-batches arms its flush timer on the first message and keeps it on the long-lived task
        (``_tref``); after a reconnect that timer belongs to the old consumer, the guard never re-arms
        it, and the worker holds its prefetched messages unacknowledged for good (clokep/celery-batches
        #99, #107; fixed upstream by #108 after 0.11). Here the old timer is cancelled and the buffered
        requests of the dead channel dropped: the broker delivers those messages again.
        """
        if self._tref is not None:
            try:
                self._tref.cancel()
            except Exception:  # the old consumer's timer may already be gone with its hub
                logger.debug("could not cancel the old flush timer", exc_info=True)
            self._tref = None
        dropped = len(list(consume_queue(self._buffer))) + len(list(consume_queue(self._pending)))
        if dropped:
            logger.warning("consumer restarted: %d buffered ticket message(s) of the old channel dropped (redelivered)", dropped)
        return super().Strategy(task, app, consumer)

    def flush(self, requests):
        serializable_requests = ([SimpleRequest.from_request(r) for r in requests],)
        acks_early = [r for r in requests if not r.task.acks_late]
        acks_late = [r for r in requests if r.task.acks_late]

        def on_accepted(pid: int, time_accepted: float) -> None:
            for request in acks_early:
                request.acknowledge()

        def on_return(result) -> None:
            if isinstance(result, dict):
                unsettled = set(result.get("unsettled") or ())
            else:
                logger.error("intake batch of %d raised; its messages go back to the queue", len(acks_late))
                unsettled = {request.id for request in acks_late}
            for request in acks_late:
                if request.id in unsettled:
                    request.reject(requeue=True)
                else:
                    request.acknowledge()

        return self._pool.apply_async(
            apply_batches_task, (self, serializable_requests, 0, None), accept_callback=on_accepted, callback=on_return
        )


def _attempt(request) -> int:
    headers = (request.request_dict or {}).get("headers") or {}
    value = (request.request_dict or {}).get(ATTEMPT_HEADER) or headers.get(ATTEMPT_HEADER) or 0
    return int(value) if str(value).isdigit() else 0


def _dead_letter(task, request, reason: str) -> bool:
    return dead_letter(
        task.app, task_name=RECEIVE_TICKET, task_id=request.id, args=request.args, kwargs=request.kwargs, reason=reason, queue=TICKET_QUEUE
    )


def _retry_later(task, request, error: Exception) -> bool:
    """Republish ``request`` with a growing countdown (dead-letter it after MAX_ATTEMPTS); whether that held."""
    attempt = _attempt(request) + 1
    if attempt > MAX_ATTEMPTS:
        return _dead_letter(task, request, f"gave up after {MAX_ATTEMPTS} attempts: {type(error).__name__}: {error}")
    try:
        task.app.send_task(
            RECEIVE_TICKET,
            args=request.args,
            kwargs=request.kwargs,
            queue=TICKET_QUEUE,
            task_id=request.id,
            countdown=min(2**attempt, 300),
            headers={ATTEMPT_HEADER: attempt},
        )
    except Exception:  # the message stays unacknowledged and comes back from the broker instead
        logger.warning("could not republish ticket message %s", request.id, exc_info=True)
        return False
    return True


def count_report(report) -> None:
    """What became of each ticket message of a batch (``tts_tickets_received_total{outcome}``, docs/operations.md)."""
    for outcome, settled in (
        ("created", report.created),
        ("duplicate", report.duplicates),
        ("failed", report.failures),
        ("deferred", report.deferred),
    ):
        if settled:
            metrics.TICKETS_RECEIVED.labels(outcome).inc(len(settled))
    if report.failures:
        metrics.INTAKE_FAILURES.inc(len(report.failures))


@shared_task(name=RECEIVE_TICKET, base=SettledBatches, bind=True, flush_every=BATCH_SIZE, flush_interval=0.05)
def receive_ticket(self, requests):
    """Tickets exactly as the HDTS sends them: one dict, positional or as ``ticket_data``.

    Returns ``{"created", "duplicates", "failed", "deferred": <counts>, "unsettled": [message ids]}``.
    """
    deliveries = []
    for request in requests:
        args, kwargs = tuple(request.args or ()), dict(request.kwargs or {})
        try:
            deliveries.append(Delivery(payload=ticket_payload_from(args, kwargs), message_id=request.id or "", origin=request))
        except UnusableTicketError as error:
            unreadable = {"args": list(args), "kwargs": kwargs}
            deliveries.append(Delivery(payload=unreadable, message_id=request.id or "", unusable=str(error), origin=request))
    report = tickets_receive(deliveries=deliveries)
    count_report(report)
    unsettled = []
    for failure in report.failures:
        if not _dead_letter(self, failure.delivery.origin, failure.reason) and not failure.stored:
            unsettled.append(failure.delivery.origin.id)
    if report.deferred:
        logger.warning("intake of %d ticket(s) deferred: %s", len(report.deferred), report.transient_error)
    for delivery in report.deferred:
        if not _retry_later(self, delivery.origin, report.transient_error):
            unsettled.append(delivery.origin.id)
    return {
        "created": len(report.created),
        "duplicates": len(report.duplicates),
        "failed": len(report.failures),
        "deferred": len(report.deferred),
        "unsettled": unsettled,
    }
