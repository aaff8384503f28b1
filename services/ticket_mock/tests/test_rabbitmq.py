"""ticket_mock on a real RabbitMQ: tickets go out as the real HDTS sends them, status reports come back through a real worker.

The broker is shared (workflow_api's workers, other test runs), so a message
on a contract queue may be taken by another consumer before a test reads it.
Where the message goes through an exchange (dead letters), the test reads a
copy from a private queue bound to it; Celery sends tasks straight to their
queue, so there the test checks what was sent and reads the queue itself when
nobody else consumes it.
"""

import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import after_task_publish
from kombu import Exchange, Queue

from tests.factories import TicketFactory
from tickets.models import Ticket, TicketStatusChange
from tickets.selectors import ticket_data
from tts_common.outbox.models import OutboxMessage
from tts_common.routing import DEAD_LETTER_QUEUE, RECEIVE_TICKET, SEND_TICKET_STATUS, TICKET_QUEUE, TICKET_STATUS_QUEUE, plain_queue
from tts_common.testing import drain_task_messages, unavailable

pytestmark = pytest.mark.integration


def _unique_ticket_number() -> str:
    # Queues outlive test runs: never reuse a number.
    return f"TXIT{uuid.uuid4().hex[:12].upper()}"


def _first_arg(message):
    args = message["args"]
    return args[0] if args else None


def _wait_for(condition, seconds: float = 20.0, every=None) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        if every:
            every()
        time.sleep(0.2)
    return condition()


@pytest.fixture
def tap(configured_rabbitmq_app):
    """``tap(queue_name)`` -> the name of a private queue that receives a copy of everything routed to ``queue_name``."""
    made = []

    def make(contract_queue: str) -> str:
        name = f"ticket_mock.test.{contract_queue}.{uuid.uuid4().hex[:8]}"
        # Declared exactly as drain_task_messages declares it (plain, durable), plus the binding to the contract queue's exchange.
        copy = Queue(name, Exchange(contract_queue, type="direct", durable=True), routing_key=contract_queue, durable=True)
        with configured_rabbitmq_app.connection_for_write() as connection:
            plain_queue(contract_queue)(connection.default_channel).declare()
            copy(connection.default_channel).declare()
        made.append(name)
        return name

    yield make
    with configured_rabbitmq_app.connection_for_write() as connection:
        for name in made:
            Queue(name, Exchange(name), durable=True)(connection.default_channel).delete()
            Exchange(name, type="direct")(connection.default_channel).delete()


@pytest.fixture(scope="module")
def status_worker(rabbitmq_url):
    """ticket_mock's own worker (the configured app, as the Procfile runs it), shared by this module: stopping one takes seconds."""
    from config.celery import app

    if not str(app.conf.broker_url).startswith("amqp"):
        unavailable("CELERY_BROKER_URL does not point at RabbitMQ in this run (make test's real-services pass sets it)")
    with start_worker(app, pool="solo", perform_ping_check=False, queues=[TICKET_STATUS_QUEUE], shutdown_timeout=30) as worker:
        yield worker


@pytest.fixture
def published():
    """Every task message this process hands to the broker (after the broker confirmed it)."""
    sent = []

    def remember(sender=None, body=None, exchange=None, routing_key=None, headers=None, **_):
        sent.append({"task": sender, "routing_key": routing_key, "exchange": exchange, "headers": headers, "body": body})

    after_task_publish.connect(remember, weak=False)
    yield sent
    after_task_publish.disconnect(remember)


def _other_consumers(app, queue_name: str) -> int:
    with app.connection_for_write() as connection:
        return plain_queue(queue_name)(connection.default_channel).queue_declare(passive=True).consumer_count


@pytest.mark.django_db(transaction=True)
def test_a_ticket_created_over_the_api_arrives_on_the_ticket_queue(as_requester, ticket_input, configured_rabbitmq_app, published):
    response = as_requester.post("/api/tickets/", {**ticket_input, "asset_name": "Dell U2720Q"}, format="json")
    number = response.json()["ticket_number"]
    expected_args = [ticket_data(Ticket.objects.get(ticket_number=number))]
    outbox_row = OutboxMessage.objects.get(task_name=RECEIVE_TICKET)

    # Sent, after commit, as the real HDTS sends it.
    [sent] = [message for message in published if message["headers"]["id"] == str(outbox_row.message_id)]
    assert (sent["task"], sent["routing_key"]) == (RECEIVE_TICKET, TICKET_QUEUE)
    assert list(sent["body"][0]) == expected_args and sent["body"][1] == {}
    assert outbox_row.published_at is not None
    assert expected_args[0]["asset_name"] == "Dell U2720Q"

    # And there on the queue. (Celery publishes straight to the queue, so a copy cannot be tapped:
    # when a workflow_api worker consumes this queue right now, it takes the message first.)
    consumers = _other_consumers(configured_rabbitmq_app, TICKET_QUEUE)
    if consumers:
        pytest.skip(f"sent (checked above), but {consumers} other consumer(s) on {TICKET_QUEUE} take it before this test can read it")
    # By message id: ticket numbers restart with every fresh test database, so an older run's leftover may share one.
    ours = lambda message: message["id"] == str(outbox_row.message_id)  # noqa: E731
    found = drain_task_messages(configured_rabbitmq_app, TICKET_QUEUE, timeout=10, until=lambda messages: any(map(ours, messages)))
    [message] = [m for m in found if ours(m)]
    assert message["task"] == RECEIVE_TICKET == "tickets.tasks.receive_ticket"
    assert message["args"] == expected_args and message["kwargs"] == {}
    assert message["id"] == str(outbox_row.message_id)


@pytest.mark.django_db(transaction=True)
def test_a_status_report_published_like_workflow_api_does_is_recorded_by_the_worker(configured_rabbitmq_app, status_worker):
    ticket = TicketFactory(ticket_number=_unique_ticket_number())

    def report():
        configured_rabbitmq_app.send_task(SEND_TICKET_STATUS, args=[ticket.ticket_number, "Resolved"])

    report()
    # Another ticket_mock worker on this broker may take a report (and dead-letter it, not knowing the
    # ticket): reports are idempotent, so send it again every few seconds until this worker has it.
    resend_at = [time.monotonic() + 3]

    def resend_now_and_then():
        if time.monotonic() > resend_at[0]:
            report()
            resend_at[0] = time.monotonic() + 3

    assert _wait_for(lambda: Ticket.objects.get(pk=ticket.pk).status == "Resolved", every=resend_now_and_then)
    assert list(TicketStatusChange.objects.filter(ticket=ticket).values_list("previous_status", "status")) == [("New", "Resolved")]


@pytest.mark.django_db(transaction=True)
def test_a_report_for_an_unknown_ticket_ends_in_the_dead_letter_queue(configured_rabbitmq_app, status_worker, tap):
    copies = tap(DEAD_LETTER_QUEUE)
    unknown = _unique_ticket_number()

    configured_rabbitmq_app.send_task(SEND_TICKET_STATUS, args=[unknown, "Resolved"])

    ours = lambda message: isinstance(message["body"], dict) and message["body"].get("args", [None])[:1] == [unknown]  # noqa: E731
    found = drain_task_messages(configured_rabbitmq_app, copies, timeout=20, until=lambda messages: any(map(ours, messages)))
    [dead] = [m["body"] for m in found if ours(m)]
    assert dead["task"] == SEND_TICKET_STATUS and dead["queue"] == TICKET_STATUS_QUEUE
    assert dead["args"] == [unknown, "Resolved"] and dead["reason"].startswith("TicketNotFoundError")
