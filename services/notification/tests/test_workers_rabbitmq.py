"""The notification worker for real: RabbitMQ, PostgreSQL and Redis, messages published exactly as workflow_api and auth publish them.

Producers publish through their outbox relay (``tts_common.outbox.publishing.publish_confirmed``);
these tests hand it the same messages, each twice under one id, as a broker
redelivery would. The worker runs as its own process (``celery -A config
worker``), with Django's file-based email backend, so every mail it really
sent can be counted, or with the SMTP backend pointed at a local server that
refuses everything.
"""

import asyncio
import email
import re
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from kombu import Exchange, Queue

from notifications.models import DeliveryLog, InAppNotification, NotificationPreference
from tests.factories import assignment_kwargs, inapp_kwargs, send_email_kwargs
from tests.smtp import fake_smtp_server
from tts_common.live import NOTIFICATION_EVENT, redis_layer_host, user_group
from tts_common.outbox.publishing import publish_confirmed
from tts_common.routing import (
    BULK_CREATE_NOTIFICATIONS,
    CREATE_INAPP_NOTIFICATION,
    DEAD_LETTER_QUEUE,
    INAPP_NOTIFICATION_QUEUE,
    NOTIFICATION_QUEUE,
    SEND_ASSIGNMENT_NOTIFICATION,
    SEND_EMAIL,
    plain_queue,
)
from tts_common.testing import celery_workers, drain_task_messages, unavailable, wait_until

SERVICE_DIR = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

QUEUES = [NOTIFICATION_QUEUE, INAPP_NOTIFICATION_QUEUE]
FAST_RETRIES = {"EMAIL_RETRY_BASE_SECONDS": "1", "EMAIL_RETRY_MAX_SECONDS": "2", "EMAIL_IN_FLIGHT_RECHECK_SECONDS": "1"}


@pytest.fixture
def broker(postgres_database, configured_rabbitmq_app):
    """The service's app on RabbitMQ, with the notification queues emptied of other runs' leftovers."""
    app = configured_rabbitmq_app
    for queue in QUEUES:
        drain_task_messages(app, queue, timeout=0.3)
        with app.connection_for_write() as connection:
            consumers = plain_queue(queue)(connection.default_channel).queue_declare(passive=True).consumer_count
        if consumers:
            unavailable(f"{consumers} other consumer(s) on {queue} would take this test's messages (is a notification worker running?)")
    return app


def publish_twice(app, task_name: str, kwargs: dict) -> str:
    """One message, published twice under the same id, as the producers' outbox relay publishes it."""
    message_id = str(uuid.uuid4())
    message = SimpleNamespace(task_name=task_name, args=[], kwargs=kwargs, message_id=message_id, headers={})
    publish_confirmed(app, [message])
    publish_confirmed(app, [message])
    return message_id


def mails_in(folder: Path) -> list[email.message.Message]:
    """Every mail Django's file-based backend wrote (one file per connection, messages separated by a rule)."""
    found = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                found.append(email.message_from_string(chunk.strip()))
    return found


def finished_twice(log: Path, message_ids: list[str]) -> bool:
    """Both deliveries of every message went through the worker (a duplicate also ends as 'succeeded')."""
    return all(handled(log, message_id) >= 2 for message_id in message_ids)


def test_each_message_published_twice_is_delivered_once(broker, rabbitmq_url, tmp_path):
    mail_dir = tmp_path / "mail"
    log = tmp_path / "worker.log"
    NotificationPreference.objects.create(
        user_id=502, user_email="muted@example.com", notification_type="task_assignment", channel="email", enabled=False
    )
    bulk = [
        inapp_kwargs(user_id=600 + n, notification_type="sla_warning", subject=f"SLA warning: TXB{n}", related_ticket_number=f"TXB{n}")
        for n in range(3)
    ]
    env = {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": str(mail_dir), **FAST_RETRIES}

    with celery_workers(SERVICE_DIR, broker_url=rabbitmq_url, queues=QUEUES, logs=[log], concurrency=2, env=env):
        ids = {
            "assignment": publish_twice(
                broker, SEND_ASSIGNMENT_NOTIFICATION, assignment_kwargs(user_id=501, user_email="agent501@example.com")
            ),
            "muted": publish_twice(broker, SEND_ASSIGNMENT_NOTIFICATION, assignment_kwargs(user_id=502, user_email="muted@example.com")),
            "inapp": publish_twice(broker, CREATE_INAPP_NOTIFICATION, inapp_kwargs(user_id=501)),
            "auth": publish_twice(broker, SEND_EMAIL, send_email_kwargs(to="reset@example.com")),
            "bulk": publish_twice(broker, BULK_CREATE_NOTIFICATIONS, {"notifications": bulk}),
        }
        wait_until(lambda: finished_twice(log, list(ids.values())), timeout=90, message="every message handled twice", log=log)

    mails = mails_in(mail_dir)
    assert sorted((m["To"], m["Subject"]) for m in mails) == [
        ("agent501@example.com", "New task assigned: TX20251119000123"),
        ("reset@example.com", "Reset your Ticket Tracking System password"),
    ]
    assert list(InAppNotification.objects.filter(dedupe_key=ids["inapp"]).values_list("user_id", "notification_type")) == [
        (501, "task_assignment")
    ]
    assert sorted(InAppNotification.objects.filter(dedupe_key__startswith=ids["bulk"]).values_list("user_id", flat=True)) == [600, 601, 602]
    assert InAppNotification.objects.count() == 4
    logs = {(row.message_id, row.channel, row.recipient): (row.status, row.attempts) for row in DeliveryLog.objects.all()}
    assert logs == {
        (ids["assignment"], "email", "agent501@example.com"): ("sent", 1),
        (ids["muted"], "email", "muted@example.com"): ("skipped", 0),
        (ids["inapp"], "inapp", "user:501"): ("sent", 1),
        (ids["auth"], "email", "reset@example.com"): ("sent", 1),
        **{(ids["bulk"], "inapp", f"user:{600 + n}"): ("sent", 1) for n in range(3)},
    }
    assert DeliveryLog.objects.get(message_id=ids["muted"]).error == "muted: the recipient turned off email for task_assignment"


@pytest.fixture
def dead_letter_copies(broker):
    """A private queue bound to the dead-letter exchange: a copy of every dead letter, whoever else reads the real queue."""
    name = f"notification.test.dead.{uuid.uuid4().hex[:8]}"
    copy = Queue(name, Exchange(DEAD_LETTER_QUEUE, type="direct", durable=True), routing_key=DEAD_LETTER_QUEUE, durable=True)
    with broker.connection_for_write() as connection:
        plain_queue(DEAD_LETTER_QUEUE)(connection.default_channel).declare()
        copy(connection.default_channel).declare()
    yield name
    with broker.connection_for_write() as connection:
        Queue(name, Exchange(name), durable=True)(connection.default_channel).delete()
        Exchange(name, type="direct")(connection.default_channel).delete()


def test_a_server_that_refuses_every_mail_ends_in_a_logged_failure_after_the_retries(broker, rabbitmq_url, tmp_path, dead_letter_copies):
    log = tmp_path / "worker.log"
    with fake_smtp_server(refuse=-1) as (host, port, smtp):
        env = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": host,
            "EMAIL_PORT": str(port),
            "EMAIL_RETRY_MAX_ATTEMPTS": "3",
            **FAST_RETRIES,
        }
        with celery_workers(SERVICE_DIR, broker_url=rabbitmq_url, queues=QUEUES, logs=[log], concurrency=2, env=env) as (worker,):
            message_id = publish_twice(
                broker, SEND_EMAIL, send_email_kwargs(to="refused@example.com", template="otp_code", context={"code": "1"})
            )
            # One delivery makes the last attempt and fails for good; the other then finds the row failed (a duplicate).
            wait_until(lambda: handled(log, message_id) >= 2, timeout=90, message="both deliveries handled", log=log)
            assert worker.poll() is None, "the final failure must not bring the worker down"
        assert smtp.refusals == 3 and smtp.accepted == []

    failure = DeliveryLog.objects.get(message_id=message_id)
    assert (failure.status, failure.attempts, failure.recipient) == ("failed", 3, "refused@example.com")
    assert failure.error.startswith("gave up after 3 attempts; last attempt 3: SMTPSenderRefused")
    assert "554" in failure.error and "Relay access denied" in failure.error
    ours = lambda found: any(m["body"].get("task_id") == message_id for m in found if isinstance(m["body"], dict))  # noqa: E731
    dead = [
        m["body"] for m in drain_task_messages(broker, dead_letter_copies, timeout=10, until=ours) if m["body"].get("task_id") == message_id
    ]
    assert dead and dead[0]["task"] == SEND_EMAIL and dead[0]["reason"].startswith("EmailDeliveryFailedError")
    assert dead[0]["kwargs"]["to"] == "refused@example.com"


def handled(log: Path, message_id: str) -> int:
    """How many deliveries of the message the worker finished, successfully or for good."""
    text = log.read_text() if log.exists() else ""
    return len(re.findall(rf"\[{re.escape(message_id)}\] (?:succeeded|raised unexpected)", text))


def test_a_new_inapp_notification_reaches_the_persons_group_on_the_channel_layer(broker, rabbitmq_url, redis_url, tmp_path):
    from channels_redis.core import RedisChannelLayer

    log = tmp_path / "worker.log"
    user_id = 700 + uuid.uuid4().int % 10000

    async def subscribe_publish_and_listen():
        # The read timeout outlasts channels_redis's blocking receive (5 s), as messaging's settings do: a worker slower
        # than that on a loaded machine must not fail the wait with redis-py's default 5 s socket timeout.
        layer = RedisChannelLayer(hosts=[redis_layer_host(redis_url)])
        channel = await layer.new_channel()
        await layer.group_add(user_group(user_id), channel)
        try:
            message_id = publish_twice(broker, CREATE_INAPP_NOTIFICATION, inapp_kwargs(user_id=user_id))
            event = await asyncio.wait_for(layer.receive(channel), timeout=60)
            return message_id, event
        finally:
            await layer.group_discard(user_group(user_id), channel)
            await layer.close_pools()

    with celery_workers(
        SERVICE_DIR, broker_url=rabbitmq_url, queues=QUEUES, logs=[log], concurrency=2, env={"REDIS_URL": redis_url, **FAST_RETRIES}
    ):
        message_id, event = asyncio.run(subscribe_publish_and_listen())

    notification = InAppNotification.objects.get(dedupe_key=message_id)
    assert event["type"] == NOTIFICATION_EVENT == "notification.created"
    assert event["notification"]["id"] == notification.pk
    assert event["notification"]["user_id"] == user_id
    assert event["notification"]["subject"] == "New task assigned: TX20251119000123"
    assert event["notification"]["is_read"] is False
