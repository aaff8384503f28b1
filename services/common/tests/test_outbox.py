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
    # the broker away is no row's fault: nothing counted against a row, nothing parked
    assert list(OutboxMessage.objects.values_list("attempts", "parked_at")) == [(0, None)] * 3
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


def test_a_row_too_large_to_publish_is_parked_and_the_rows_behind_it_go_on(monkeypatch):
    monkeypatch.setenv("OUTBOX_MAX_MESSAGE_BYTES", "2000")
    rows = OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(task_name=SYNC_ROLE, args=[{"role_id": 1}]),
            OutboxMessage(task_name=SYNC_ROLE, args=[{"role_id": 2, "description": "x" * 5000}]),
            OutboxMessage(task_name=SYNC_ROLE, args=[{"role_id": 3}]),
        ]
    )

    result = relay_pending(app=app)

    assert (result.published, result.parked, result.error) == (2, 1, None)
    parked = OutboxMessage.objects.get(pk=rows[1].pk)
    assert parked.parked_at is not None and parked.published_at is None
    assert parked.last_error.startswith("too large: 5") and "OUTBOX_MAX_MESSAGE_BYTES=2000" in parked.last_error
    assert sorted(m["args"][0]["role_id"] for m in drain_task_messages(app, ROLE_SYNC_QUEUE, timeout=1)) == [1, 3]
    assert relay_pending(app=app).published == 0  # a parked row stays parked


def test_a_parked_row_is_requeued_by_the_command_and_then_published(monkeypatch):
    from django.core.management import call_command
    from django.utils import timezone

    row = OutboxMessage.objects.create(task_name=SYNC_ROLE, args=[{"role_id": 7}], parked_at=timezone.now(), attempts=5, last_error="x")

    call_command("relay_outbox", "--requeue-parked")

    row.refresh_from_db()
    assert (row.parked_at, row.attempts) == (None, 0)
    relay_pending(app=app)
    row.refresh_from_db()
    assert row.published_at is not None
    assert [m["args"][0]["role_id"] for m in drain_task_messages(app, ROLE_SYNC_QUEUE, timeout=1)] == [7]


def test_a_row_the_broker_keeps_refusing_is_parked_after_the_attempts_and_order_is_kept_until_then(monkeypatch):
    from tts_common.outbox import services

    monkeypatch.setenv("OUTBOX_MAX_ATTEMPTS", "3")
    rows = OutboxMessage.objects.bulk_create(OutboxMessage(task_name=SYNC_ROLE, args=[{"role_id": n}]) for n in range(3))
    real_publish = services.publish_confirmed

    def refuses_role_1(app, batch):
        outcome = real_publish(app, [row for row in batch if row.args[0]["role_id"] != 1])
        outcome.refused += [(row, "the broker refused (nacked) the message", False) for row in batch if row.args[0]["role_id"] == 1]
        return outcome

    monkeypatch.setattr(services, "publish_confirmed", refuses_role_1)

    results = [relay_pending(app=app) for _ in range(3)]

    assert [(r.published, r.parked, bool(r.error)) for r in results] == [(2, 0, True), (0, 0, True), (0, 1, False)]
    refused = OutboxMessage.objects.get(pk=rows[1].pk)
    assert refused.attempts == 3 and refused.parked_at is not None and "nacked" in refused.last_error


def test_the_admin_filters_parked_rows_and_requeues_them():
    from django.contrib import admin
    from django.utils import timezone

    row = OutboxMessage.objects.create(task_name=SYNC_ROLE, args=[{"role_id": 1}], parked_at=timezone.now(), last_error="too large")
    model_admin = admin.site._registry[OutboxMessage]
    told = []
    model_admin.message_user = lambda request, text, level: told.append(text)

    model_admin.requeue_parked(None, OutboxMessage.objects.filter(pk=row.pk))

    assert ("parked_at", admin.EmptyFieldListFilter) in model_admin.list_filter
    assert told == ["1 parked message(s) requeued."]
    row.refresh_from_db()
    assert row.parked_at is None


def test_the_relay_loop_survives_database_errors_with_bounded_backoff_and_one_line_per_episode(monkeypatch, caplog):
    from django.core.management import call_command
    from django.db import OperationalError

    from tts_common.outbox.management.commands import relay_outbox
    from tts_common.outbox.services import RelayResult

    outcomes = [OperationalError("server closed the connection")] * 6 + [RelayResult(2)] * 2
    sleeps = []

    def relay_pending():
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def sleep(seconds):
        sleeps.append(seconds)
        if not outcomes:
            raise KeyboardInterrupt  # the end of this test's loop

    monkeypatch.setattr(relay_outbox, "relay_pending", relay_pending)
    monkeypatch.setattr(relay_outbox, "close_old_connections", lambda: None)
    monkeypatch.setattr(relay_outbox.connection, "close", lambda: None)
    monkeypatch.setattr(relay_outbox.time, "sleep", sleep)

    with pytest.raises(KeyboardInterrupt):
        call_command("relay_outbox", "--interval", "0.5", "--max-backoff", "4")

    assert sleeps == [1, 2, 4, 4, 4, 4, 0.5, 0.5]
    lines = [record.getMessage() for record in caplog.records if record.name == "tts_common.outbox.relay"]
    assert len(lines) == 2
    assert lines[0] == "outbox relay paused, retrying with backoff up to 4 s: OperationalError: server closed the connection"
    assert lines[1].startswith("outbox relay resumed after")


def test_after_a_refused_relay_commits_leave_the_outbox_to_the_relay_process_for_a_few_seconds(monkeypatch):
    from tts_common.outbox import services
    from tts_common.outbox.services import RelayResult

    calls = []
    monkeypatch.setattr(services, "relay_pending", lambda: calls.append(1) or RelayResult(0, "ConnectionRefusedError"))
    monkeypatch.setattr(services, "_hold_off_until", 0.0)

    for _ in range(3):
        services._relay_after_commit()

    assert len(calls) == 1  # not three waits on a broker that is away
    monkeypatch.setattr(services, "_hold_off_until", 0.0)
    services._relay_after_commit()
    assert len(calls) == 2


def test_a_batch_the_broker_closes_the_channel_on_is_retried_row_by_row_to_find_the_row_and_park_it(monkeypatch):
    import amqp.exceptions

    from tts_common.outbox import services

    monkeypatch.setenv("OUTBOX_MAX_ATTEMPTS", "2")
    rows = OutboxMessage.objects.bulk_create(OutboxMessage(task_name=SYNC_ROLE, args=[{"role_id": n}]) for n in range(3))
    real_publish = services.publish_confirmed

    def closes_on_role_1(app, batch):
        if any(row.args[0]["role_id"] == 1 for row in batch):
            raise amqp.exceptions.PreconditionFailed("message size 999 is larger than configured max size 10")
        return real_publish(app, batch)

    monkeypatch.setattr(services, "publish_confirmed", closes_on_role_1)

    first, second = relay_pending(app=app), relay_pending(app=app)

    assert (first.published, first.parked, bool(first.error)) == (1, 0, True)  # role 0 went, role 2 waits behind role 1
    assert (second.published, second.parked, second.error) == (1, 1, None)
    refused = OutboxMessage.objects.get(pk=rows[1].pk)
    assert refused.attempts == 2 and refused.parked_at and "larger than configured max size" in refused.last_error
