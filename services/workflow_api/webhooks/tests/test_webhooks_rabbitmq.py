"""Through real workers, RabbitMQ and PostgreSQL, started as the Procfile starts them: a receiver that stalls
keeps the webhook worker busy, and a ticket's intake on the workflow worker does not wait for it."""

import threading
import time
from pathlib import Path

import pytest

from audit.services import Actor
from tasks.models import Task
from tests.factories import hdts_ticket
from tts_common import messages
from tts_common.routing import RECEIVE_TICKET, TICKET_QUEUE, WEBHOOK_QUEUE
from tts_common.testing import celery_workers, drain_task_messages, wait_until
from webhooks.models import Delivery
from webhooks.services import comment_event_enqueue, subscription_create
from webhooks.tests.receiver import Receiver
from webhooks.tests.test_worker_split import worker_queues

SERVICE_DIR = Path(__file__).resolve().parents[2]
ADMIN = Actor(user_id=1, email="admin@example.com", is_admin=True)
COMMENT = {"id": 0, "ticket_id": "WH-0", "user_id": 10, "author_name": "Ana", "content": "hi", "parent": None, "created_at": "x"}
STALLED_DELIVERIES = 6
INTAKE_SECONDS = 5  # a ticket becomes a task in well under a second; a stalled POST lasts until the test ends

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def ready(log: Path) -> bool:
    return log.exists() and " ready." in log.read_text()


@pytest.fixture
def seeded(postgres_database, demo_workflows):
    return True


def test_a_receiver_that_stalls_does_not_delay_a_tickets_intake(seeded, configured_rabbitmq_app, rabbitmq_url, tmp_path):
    app = configured_rabbitmq_app
    for queue in (TICKET_QUEUE, WEBHOOK_QUEUE):
        drain_task_messages(app, queue, timeout=0.3)
    intake_log, webhooks_log = tmp_path / "workflow-worker.log", tmp_path / "workflow-webhooks.log"
    with Receiver(hold=threading.Event()) as receiver:
        subscription_create(actor=ADMIN, url=receiver.url, events=["comment.created"])
        for number in range(STALLED_DELIVERIES):  # queued as the outbox relay queues them
            [delivery] = comment_event_enqueue(comment=messages.COMMENT_CREATED.parse([], {**COMMENT, "id": number + 1}))
            message = messages.DELIVER_WEBHOOK.build(delivery_id=delivery.pk)
            app.send_task(message.task_name, args=message.args, kwargs=message.kwargs)
        with (
            celery_workers(SERVICE_DIR, broker_url=rabbitmq_url, queues=worker_queues("workflow-worker"), logs=[intake_log], concurrency=2),
            celery_workers(
                SERVICE_DIR,
                broker_url=rabbitmq_url,
                queues=worker_queues("workflow-webhooks"),
                logs=[webhooks_log],
                concurrency=2,
                env={"WEBHOOK_READ_TIMEOUT_SECONDS": "120"},
            ),
        ):
            try:
                wait_until(lambda: len(receiver.received) >= 2, message="both webhook processes stalled on the receiver", log=webhooks_log)
                wait_until(lambda: ready(intake_log), message="the workflow worker ready", log=intake_log)

                started = time.monotonic()
                app.send_task(RECEIVE_TICKET, args=[hdts_ticket("WH-1")])
                wait_until(lambda: Task.objects.filter(ticket_number="WH-1").exists(), timeout=30, message="WH-1's task", log=intake_log)
                took = time.monotonic() - started

                assert took < INTAKE_SECONDS, f"intake took {took:.1f} s behind a stalled receiver"
                assert not receiver.hold.is_set() and len(receiver.received) == 2  # the receiver was stalled all along
                assert Delivery.objects.filter(status=Delivery.Status.SUCCEEDED).count() == 0
            finally:
                receiver.hold.set()
            wait_until(
                lambda: Delivery.objects.filter(status=Delivery.Status.SUCCEEDED).count() == STALLED_DELIVERIES,
                message="every delivery sent once the receiver answers",
                log=webhooks_log,
            )
