"""Two relays at once on PostgreSQL: every message published once, in order."""

import threading

import pytest
from django.db import connection

from tts_common.celery import make_celery_app
from tts_common.outbox.models import OutboxMessage
from tts_common.outbox.services import relay_pending
from tts_common.routing import ROLE_SYNC_QUEUE, SYNC_ROLE
from tts_common.testing import drain_task_messages

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

MESSAGES = 60


def test_concurrent_relays_publish_each_row_once_and_in_order(postgres_database, rabbitmq_url):
    app = make_celery_app("relay-race", overrides={"broker_url": rabbitmq_url}, set_as_current=False)
    drain_task_messages(app, ROLE_SYNC_QUEUE, timeout=0.3)
    OutboxMessage.objects.bulk_create(OutboxMessage(task_name=SYNC_ROLE, args=[{"role_id": n}]) for n in range(MESSAGES))
    start = threading.Barrier(2)
    results = []

    def relay():
        start.wait()
        try:
            results.append(relay_pending(app=app, batch_size=7))
        finally:
            connection.close()

    threads = [threading.Thread(target=relay) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sum(result.published for result in results) == MESSAGES
    assert not OutboxMessage.objects.filter(published_at__isnull=True).exists()
    received = drain_task_messages(app, ROLE_SYNC_QUEUE, timeout=3, until=lambda found: len(found) >= MESSAGES)
    assert [message["args"][0]["role_id"] for message in received] == list(range(MESSAGES))


def test_the_relay_process_outlives_its_database_connection_being_killed(postgres_database, rabbitmq_url, tmp_path):
    """``relay_outbox`` as ``make run`` starts it; PostgreSQL terminates its backend mid-loop; it reconnects and goes on."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from django.conf import settings

    from tts_common.testing import database_url_of_the_test_database, wait_until

    app = make_celery_app("relay-kill", overrides={"broker_url": rabbitmq_url}, set_as_current=False)
    drain_task_messages(app, ROLE_SYNC_QUEUE, timeout=0.3)
    log = tmp_path / "relay.log"
    environment = {
        **os.environ,
        "DATABASE_URL": database_url_of_the_test_database(),
        "CELERY_BROKER_URL": rabbitmq_url,
        "TTS_VAR_DIR": str(settings.VAR_DIR),
        "DJANGO_SETTINGS_MODULE": "tests.settings",
    }
    command = [sys.executable, "-m", "django", "relay_outbox", "--interval", "0.1", "--max-backoff", "1"]
    with log.open("w") as output:
        relay = subprocess.Popen(command, cwd=Path(__file__).resolve().parents[1], env=environment, stdout=output, stderr=subprocess.STDOUT)
    try:
        OutboxMessage.objects.bulk_create(OutboxMessage(task_name=SYNC_ROLE, args=[{"role_id": n}]) for n in range(5))
        wait_until(lambda: not OutboxMessage.objects.filter(published_at__isnull=True).exists(), timeout=30, message="first rows", log=log)

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            assert cursor.fetchall(), "the relay's backend was there to terminate"
        OutboxMessage.objects.bulk_create(OutboxMessage(task_name=SYNC_ROLE, args=[{"role_id": n}]) for n in range(5, 10))

        wait_until(lambda: not OutboxMessage.objects.filter(published_at__isnull=True).exists(), timeout=30, message="rows after", log=log)
        assert relay.poll() is None, log.read_text()
    finally:
        relay.terminate()
        relay.wait(timeout=20)
    received = drain_task_messages(app, ROLE_SYNC_QUEUE, timeout=3, until=lambda found: len(found) >= 10)
    assert sorted(message["args"][0]["role_id"] for message in received) == list(range(10))


def test_a_row_rabbitmq_cannot_take_is_parked_and_the_rows_around_it_go_on(postgres_database, rabbitmq_url):
    """A header AMQP cannot encode (an integer over 64 bits): that row is parked at once, the others published once each."""
    app = make_celery_app("relay-park", overrides={"broker_url": rabbitmq_url}, set_as_current=False)
    drain_task_messages(app, ROLE_SYNC_QUEUE, timeout=0.3)
    rows = OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(task_name=SYNC_ROLE, args=[{"role_id": 1}]),
            OutboxMessage(task_name=SYNC_ROLE, args=[{"role_id": 2}], headers={"x-weight": 10**30}),
            OutboxMessage(task_name=SYNC_ROLE, args=[{"role_id": 3}]),
        ]
    )

    result = relay_pending(app=app)

    assert (result.published, result.parked, result.error) == (2, 1, None)
    bad = OutboxMessage.objects.get(pk=rows[1].pk)
    assert bad.parked_at is not None and bad.last_error.startswith("cannot be encoded for AMQP: error: int too large")
    received = drain_task_messages(app, ROLE_SYNC_QUEUE, timeout=2)
    assert [message["args"][0]["role_id"] for message in received] == [1, 3]
