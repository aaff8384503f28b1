"""The outbox on the embedded broker: rows wait until published, in order."""

import pytest
from django.db import transaction

from tests.celery_app import app
from tts_common.celery import make_celery_app
from tts_common.outbox.models import OutboxMessage
from tts_common.outbox.services import outbox_enqueue, outbox_enqueue_many, relay_own, relay_pending
from tts_common.routing import ROLE_SYNC_QUEUE, SYNC_ROLE
from tts_common.testing import drain_task_messages

pytestmark = pytest.mark.django_db

UNREACHABLE = {"broker_url": "amqp://guest:guest@127.0.0.1:1//", "broker_transport_options": {}, "broker_connection_timeout": 1}


@pytest.fixture(autouse=True)
def _empty_queue():
    drain_task_messages(app, ROLE_SYNC_QUEUE, timeout=0.2)


def test_a_message_waits_for_commit_and_is_then_published(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        outbox_enqueue(task_name=SYNC_ROLE, args=[{"role_id": 1, "action": "create"}])
        assert drain_task_messages(app, ROLE_SYNC_QUEUE, timeout=0.3) == []

    assert len(callbacks) == 1
    messages = drain_task_messages(app, ROLE_SYNC_QUEUE, timeout=1)
    assert [(m["task"], m["args"]) for m in messages] == [(SYNC_ROLE, [{"role_id": 1, "action": "create"}])]
    stored = OutboxMessage.objects.get()
    assert stored.published_at is not None
    assert messages[0]["id"] == str(stored.message_id)


def test_a_refused_publish_keeps_the_message_and_its_order(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        for number in range(3):
            outbox_enqueue(task_name=SYNC_ROLE, args=[{"role_id": number}])
    broker_down = make_celery_app("down", overrides=UNREACHABLE, set_as_current=False)

    refused = relay_pending(app=broker_down)

    assert refused.published == 0 and refused.error
    first = OutboxMessage.objects.order_by("id").first()
    assert first.attempts == 1 and first.last_error
    assert OutboxMessage.objects.filter(published_at__isnull=True).count() == 3

    delivered = relay_pending(app=app)

    assert delivered.published == 3 and delivered.error is None
    messages = drain_task_messages(app, ROLE_SYNC_QUEUE, timeout=1)
    # The filesystem transport orders files by millisecond, so only RabbitMQ
    # keeps publish order (test_outbox_postgres proves it); here: all, once.
    assert sorted(m["args"][0]["role_id"] for m in messages) == [0, 1, 2]


def test_many_messages_are_written_at_once_and_relayed_after_one_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        outbox_enqueue_many([(SYNC_ROLE, [{"role_id": n}], None) for n in range(4)])

    assert len(callbacks) == 1
    messages = drain_task_messages(app, ROLE_SYNC_QUEUE, timeout=1)
    assert sorted(m["args"][0]["role_id"] for m in messages) == [0, 1, 2, 3]
    assert not OutboxMessage.objects.filter(published_at__isnull=True).exists()


def test_a_writer_relays_its_own_rows_but_never_ahead_of_an_older_pending_one(django_capture_on_commit_callbacks):
    broker_down = make_celery_app("down", overrides=UNREACHABLE, set_as_current=False)
    with django_capture_on_commit_callbacks(execute=False):
        older = outbox_enqueue(task_name=SYNC_ROLE, args=[{"role_id": "older"}])
        mine = outbox_enqueue_many([(SYNC_ROLE, [{"role_id": "mine"}], None)])
    assert relay_pending(app=broker_down).error  # the older one is stuck for now

    relay_own(ids=[row.pk for row in mine], app=app)

    messages = drain_task_messages(app, ROLE_SYNC_QUEUE, timeout=1)
    assert sorted(m["args"][0]["role_id"] for m in messages) == ["mine", "older"]  # fell back to the ordered relay
    older.refresh_from_db()
    assert older.published_at is not None
