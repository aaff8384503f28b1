"""tts_common against a real RabbitMQ with a real worker."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import transaction

from tts_common.celery import make_celery_app
from tts_common.logging import current_request_id, request_id_var
from tts_common.outbox.models import OutboxMessage
from tts_common.outbox.services import outbox_enqueue, relay_pending
from tts_common.routing import DEAD_LETTER_QUEUE, ROLE_SYNC_QUEUE, SYNC_ROLE, plain_queue
from tts_common.testing import drain_task_messages

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

TEST_QUEUE = "tts.test.tasks"
attempts: dict[str, int] = {}
seen_request_ids: dict[str, str | None] = {}


@pytest.fixture(scope="module")
def rabbit_app(rabbitmq_url):
    app = make_celery_app(
        "common-it",
        overrides={
            "broker_url": rabbitmq_url,
            "broker_transport_options": {"confirm_publish": True},
            "task_queues": [plain_queue(TEST_QUEUE), plain_queue(DEAD_LETTER_QUEUE), plain_queue(ROLE_SYNC_QUEUE)],
            "task_routes": {"tests.*": {"queue": TEST_QUEUE}, SYNC_ROLE: {"queue": ROLE_SYNC_QUEUE}},
        },
        set_as_current=False,
    )

    @app.task(name="tests.always_fails")
    def always_fails(payload):
        raise ValueError(f"cannot process {payload!r}")

    @app.task(name="tests.remember_request_id")
    def remember_request_id(key):
        seen_request_ids[key] = current_request_id()

    @app.task(name="tests.fails_once", retry_backoff=False, default_retry_delay=0)
    def fails_once(key):
        attempts[key] = attempts.get(key, 0) + 1
        if attempts[key] == 1:
            raise ConnectionError("database went away")
        return attempts[key]

    with app.connection_for_write() as connection:
        for name in (TEST_QUEUE, DEAD_LETTER_QUEUE, ROLE_SYNC_QUEUE):
            plain_queue(name)(connection.default_channel).declare()
            plain_queue(name)(connection.default_channel).purge()
    return app


@pytest.fixture(scope="module")
def worker(rabbit_app):
    with start_worker(rabbit_app, pool="solo", perform_ping_check=False, queues=[TEST_QUEUE], shutdown_timeout=30) as running:
        yield running


def test_a_final_failure_is_dead_lettered_with_its_reason(rabbit_app, worker):
    rabbit_app.send_task("tests.always_fails", args=[{"ticket": "bad"}])

    [dead] = drain_task_messages(rabbit_app, DEAD_LETTER_QUEUE, timeout=10, until=lambda found: found)

    assert dead["body"]["task"] == "tests.always_fails"
    assert dead["body"]["args"] == [{"ticket": "bad"}]
    assert dead["body"]["reason"].startswith("ValueError: cannot process")
    assert dead["body"]["queue"] == TEST_QUEUE


def test_a_passing_fault_is_retried_not_dropped(rabbit_app, worker):
    import time

    rabbit_app.send_task("tests.fails_once", args=["k1"])

    deadline = time.monotonic() + 15
    while attempts.get("k1", 0) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert attempts["k1"] == 2
    assert drain_task_messages(rabbit_app, DEAD_LETTER_QUEUE, timeout=0.5) == []


def test_the_outbox_holds_a_change_while_the_broker_is_down_and_delivers_it_after(rabbit_app):
    broker_down = make_celery_app(
        "down", overrides={"broker_url": "amqp://guest:guest@127.0.0.1:1//", "broker_transport_options": {}}, set_as_current=False
    )
    # (the test's transaction never commits, so only these explicit relays publish)
    with transaction.atomic():
        outbox_enqueue(task_name=SYNC_ROLE, args=[{"role_id": 99, "name": "Agent", "action": "update"}])

    assert relay_pending(app=broker_down).error
    assert OutboxMessage.objects.get().published_at is None

    assert relay_pending(app=rabbit_app).published == 1
    [message] = drain_task_messages(rabbit_app, ROLE_SYNC_QUEUE, timeout=5, until=lambda found: found)
    assert message["task"] == SYNC_ROLE
    assert message["args"] == [{"role_id": 99, "name": "Agent", "action": "update"}]


def test_the_worker_restores_the_request_id_of_the_publishing_request(rabbit_app, worker):
    import time

    token = request_id_var.set("req-from-http")
    try:
        rabbit_app.send_task("tests.remember_request_id", args=["with-id"])
    finally:
        request_id_var.reset(token)
    rabbit_app.send_task("tests.remember_request_id", args=["without-id"])

    deadline = time.monotonic() + 10
    while len(seen_request_ids) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert seen_request_ids["with-id"] == "req-from-http"
    assert seen_request_ids["without-id"] and seen_request_ids["without-id"] != "req-from-http"
