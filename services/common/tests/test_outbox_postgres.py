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
