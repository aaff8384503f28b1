"""Webhook deliveries: made with the change (through the outbox), signed, retried with backoff, disabled after a day."""

import json
import logging
from collections import deque
from datetime import timedelta
from functools import partial

import pytest
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import SYSTEM, Actor
from intake.services import Delivery as Incoming
from intake.services import tickets_receive
from tasks.models import Task
from tests.factories import hdts_ticket
from tts_common import messages
from tts_common.deadletter.models import DeadLetter
from tts_common.outbox.models import OutboxMessage
from tts_common.routing import CREATE_INAPP_NOTIFICATION, DELIVER_WEBHOOK
from tts_common.testing_messages import outbox_read_back
from webhooks import tasks as webhook_tasks
from webhooks.models import Delivery, EventType, Subscription
from webhooks.services import (
    comment_event_enqueue,
    deliveries_due_enqueue,
    delivery_attempt,
    delivery_redeliver,
    delivery_schedule_soon,
    retry_delay,
    subscription_create,
    webhook_events_enqueue,
)
from webhooks.tasks import deliver
from webhooks.tests.receiver import Receiver
from webhooks.tests.receiver_snippet import documented_verify
from webhooks.transport import Answer

pytestmark = pytest.mark.django_db(transaction=False)
ADMIN = Actor(user_id=1, email="admin@example.com", is_admin=True)
ALL = [choice.value for choice in EventType]


def subscribe(url="http://127.0.0.1:9/hook", events=ALL, **fields) -> Subscription:
    return subscription_create(actor=ADMIN, url=url, events=events, **fields).subscription


def deliveries_of(subscription) -> list[Delivery]:
    return list(subscription.deliveries.order_by("id"))


def test_a_received_ticket_makes_created_and_assigned_deliveries_with_their_messages(demo_workflows):
    subscription = subscribe()
    only_comments = subscribe(events=["comment.created"])

    tickets_receive(deliveries=[Incoming(hdts_ticket("TX-W-1"))])

    made = deliveries_of(subscription)
    assert [d.event_type for d in made] == ["task.created", "task.assigned"]
    created = made[0].body
    assert created["type"] == "task.created" and created["data"]["ticket_number"] == "TX-W-1"
    assert set(created) == {"id", "type", "created_at", "data"}
    assert made[1].body["data"]["details"]["user_id"] > 0
    assert deliveries_of(only_comments) == []
    sent = [payload.delivery_id for _, payload in outbox_read_back(task_name=DELIVER_WEBHOOK)]
    assert sent == [d.pk for d in made]


def test_nothing_is_made_without_an_active_subscription_or_for_a_change_rolled_back(demo_workflows):
    subscribe(is_active=False)
    tickets_receive(deliveries=[Incoming(hdts_ticket("TX-W-2"))])
    assert not Delivery.objects.exists()

    subscribe()
    made = []

    def receive_then_fail():
        with transaction.atomic():
            tickets_receive(deliveries=[Incoming(hdts_ticket("TX-W-3"))])
            made.append(Delivery.objects.count())
            raise RuntimeError("roll back")

    with pytest.raises(RuntimeError):
        receive_then_fail()
    assert made == [2]
    assert not Delivery.objects.exists()
    assert not OutboxMessage.objects.filter(task_name=DELIVER_WEBHOOK).exists()


def test_a_transition_that_completes_the_task_is_also_task_completed():
    subscription = subscribe(events=["task.transitioned", "task.completed"])
    task = Task.objects.create(ticket_number="TX-W-4", ticket={}, priority="High", received_at=timezone.now(), status="completed")
    moved = AuditEvent(action="task.transitioned", entity_type="task", task=task, after={"status": "in_progress", "transition": "a"})
    done = AuditEvent(action="task.transitioned", entity_type="task", task=task, after={"status": "completed", "transition": "b"})
    workflow_event = AuditEvent(action="workflow.deployed", entity_type="workflow")

    webhook_events_enqueue([moved, done, workflow_event])

    assert [d.event_type for d in deliveries_of(subscription)] == ["task.transitioned", "task.transitioned", "task.completed"]
    assert deliveries_of(subscription)[2].body["data"]["details"]["transition"] == "b"


def test_an_sla_breach_saved_by_audit_event_is_task_sla_breached():
    from audit.services import audit_event

    subscription = subscribe(events=["task.sla_breached"])
    task = Task.objects.create(ticket_number="TX-W-5", ticket={}, priority="High", received_at=timezone.now(), status="in_progress")

    audit_event(actor=SYSTEM, action="sla.breached", entity=task, after={"user_id": 10})

    [delivery] = deliveries_of(subscription)
    assert delivery.body["type"] == "task.sla_breached" and delivery.body["data"]["id"] == task.pk


COMMENT = {"id": 77, "ticket_id": "TX-W-6", "user_id": 10, "author_name": "Ana", "content": "hi", "parent": None, "created_at": "x"}


def test_a_comment_is_delivered_once_however_often_its_message_comes():
    subscription = subscribe(events=["comment.created"])
    comment = messages.COMMENT_CREATED.parse([], COMMENT)

    comment_event_enqueue(comment=comment)
    comment_event_enqueue(comment=comment)

    [delivery] = deliveries_of(subscription)
    assert delivery.body["data"] == COMMENT and delivery.body["type"] == "comment.created"


def test_a_delivery_is_posted_signed_and_verifies_with_the_documented_snippet():
    verify = documented_verify()
    with Receiver() as receiver:
        subscription = subscribe(url=receiver.url, secret="s3cret-s3cret-s3cret")
        [delivery] = comment_event_enqueue(comment=messages.COMMENT_CREATED.parse([], COMMENT))

        done = delivery_attempt(delivery_id=delivery.pk)

    [request] = receiver.received
    assert (done.status, done.attempts, done.last_response_code) == ("succeeded", 1, 200)
    assert request.path == "/hooks/tts"
    assert verify("s3cret-s3cret-s3cret", request.headers["X-TTS-Signature"], request.body)
    assert not verify("another-secret-here", request.headers["X-TTS-Signature"], request.body)
    assert json.loads(request.body) == delivery.body
    assert request.headers["X-TTS-Event"] == "comment.created" and request.headers["X-TTS-Delivery"] == str(delivery.pk)
    assert subscription.secret == "s3cret-s3cret-s3cret"


def test_a_500_is_retried_after_the_backoff_and_the_retry_succeeds(settings):
    with Receiver(answers=deque([500])) as receiver:
        subscribe(url=receiver.url)
        [delivery] = comment_event_enqueue(comment=messages.COMMENT_CREATED.parse([], COMMENT))

        failed = delivery_attempt(delivery_id=delivery.pk)
        assert (failed.status, failed.last_response_code, failed.attempts) == ("retrying", 500, 1)
        wait = (failed.next_attempt_at - failed.last_attempt_at).total_seconds()
        assert settings.WEBHOOK_RETRY_BASE_SECONDS / 2 <= wait <= settings.WEBHOOK_RETRY_BASE_SECONDS + 1
        assert failed.subscription.failing_since is not None
        assert 0 < delivery_schedule_soon(delivery=failed) <= settings.WEBHOOK_RETRY_BASE_SECONDS + 1

        assert delivery_attempt(delivery_id=delivery.pk).attempts == 1  # not due yet: left alone
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        again = delivery_attempt(delivery_id=delivery.pk)

    assert (again.status, again.attempts, again.last_response_code) == ("succeeded", 2, 200)
    assert len(receiver.received) == 2
    assert json.loads(receiver.received[0].body)["id"] == json.loads(receiver.received[1].body)["id"]
    assert Subscription.objects.get().failing_since is None


def test_a_redirect_is_not_followed_and_a_dead_port_is_a_failure():
    with Receiver(answers=deque([302])) as receiver:
        subscribe(url=receiver.url)
        [delivery] = comment_event_enqueue(comment=messages.COMMENT_CREATED.parse([], COMMENT))
        assert delivery_attempt(delivery_id=delivery.pk).last_response_code == 302
    assert len(receiver.received) == 1

    Subscription.objects.update(url="http://127.0.0.1:9/nothing-listens")
    Delivery.objects.update(next_attempt_at=timezone.now())
    failed = delivery_attempt(delivery_id=delivery.pk)
    assert failed.status == "retrying" and failed.last_response_code is None and "Connection" in failed.last_error


def test_after_a_day_of_failures_the_delivery_fails_and_the_subscription_is_disabled_and_its_owner_told():
    subscription = subscribe(url="http://127.0.0.1:9/nothing-listens")
    [delivery] = comment_event_enqueue(comment=messages.COMMENT_CREATED.parse([], COMMENT))
    a_day_ago = timezone.now() - timedelta(days=1, seconds=1)
    Delivery.objects.filter(pk=delivery.pk).update(first_attempt_at=a_day_ago, attempts=30)
    Subscription.objects.filter(pk=subscription.pk).update(failing_since=a_day_ago)

    failed = delivery_attempt(delivery_id=delivery.pk)

    subscription.refresh_from_db()
    assert (failed.status, failed.next_attempt_at, failed.attempts) == ("failed", None, 31)
    assert not subscription.is_active and subscription.disabled_at and "failed for 1 day" in subscription.disabled_reason
    [(_, notice)] = outbox_read_back(task_name=CREATE_INAPP_NOTIFICATION)
    assert (notice.user_id, notice.notification_type, notice.metadata["subscription_id"]) == (1, "webhook_disabled", subscription.pk)


def test_a_delivery_for_a_disabled_subscription_is_not_sent_and_cannot_be_redelivered():
    subscription = subscribe()
    [delivery] = comment_event_enqueue(comment=messages.COMMENT_CREATED.parse([], COMMENT))
    Subscription.objects.filter(pk=subscription.pk).update(is_active=False)

    settled = delivery_attempt(delivery_id=delivery.pk)

    assert settled.status == "failed" and settled.attempts == 0 and "switched off" in settled.last_error
    from tts_common.errors import Conflict

    with pytest.raises(Conflict):
        delivery_redeliver(delivery=settled)


def test_redelivery_sends_the_same_event_again_as_a_new_delivery():
    subscribe()
    [delivery] = comment_event_enqueue(comment=messages.COMMENT_CREATED.parse([], COMMENT))

    again = delivery_redeliver(delivery=delivery)

    assert again.pk != delivery.pk and again.redelivery_of_id == delivery.pk
    assert (again.event_id, again.body, again.status) == (delivery.event_id, delivery.body, "pending")
    assert [p.delivery_id for _, p in outbox_read_back(task_name=DELIVER_WEBHOOK)] == [delivery.pk, again.pk]


def test_the_sweep_queues_what_is_due_without_a_live_message_and_nothing_else():
    subscribe()
    deliveries = []
    for n in range(4):
        deliveries += comment_event_enqueue(comment=messages.COMMENT_CREATED.parse([], {**COMMENT, "id": 100 + n}))
    now = timezone.now()
    fresh, failed_long_ago, stale, later = deliveries
    Delivery.objects.filter(pk=failed_long_ago.pk).update(status="retrying", next_attempt_at=now - timedelta(seconds=1), enqueued_at=None)
    Delivery.objects.filter(pk=stale.pk).update(next_attempt_at=now - timedelta(hours=1), enqueued_at=now - timedelta(hours=1))
    Delivery.objects.filter(pk=later.pk).update(status="retrying", next_attempt_at=now + timedelta(hours=1), enqueued_at=None)
    OutboxMessage.objects.all().delete()

    assert deliveries_due_enqueue() == 2

    assert sorted(p.delivery_id for _, p in outbox_read_back(task_name=DELIVER_WEBHOOK)) == sorted([failed_long_ago.pk, stale.pk])
    assert fresh.pk  # queued when made, not yet stale: left to its own message
    assert deliveries_due_enqueue() == 0


def test_the_retry_schedule_grows_exponentially_with_jitter_up_to_the_cap_and_lasts_a_day(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS, settings.WEBHOOK_RETRY_MAX_SECONDS = 15, 3600

    lowest = [retry_delay(n, rng=lambda: 0.0) for n in range(1, 12)]
    highest = [retry_delay(n, rng=lambda: 1.0) for n in range(1, 12)]

    assert highest[:9] == [15, 30, 60, 120, 240, 480, 960, 1920, 3600]
    assert lowest == [value / 2 for value in highest]
    assert highest[9:] == [3600, 3600] and retry_delay(10_000, rng=lambda: 1.0) == 3600
    assert len({retry_delay(3) for _ in range(20)}) > 1  # jitter
    elapsed, tries = 0.0, 0
    while elapsed < 86400:
        tries += 1
        elapsed += retry_delay(tries, rng=lambda: 0.5)
    assert 25 <= tries <= 45  # about 31 tries in the day


def test_a_settled_or_missing_delivery_is_left_alone():
    subscribe()
    [delivery] = comment_event_enqueue(comment=messages.COMMENT_CREATED.parse([], COMMENT))
    Delivery.objects.filter(pk=delivery.pk).update(status="succeeded")

    assert delivery_attempt(delivery_id=delivery.pk).attempts == 0
    assert delivery_attempt(delivery_id=999_999) is None


def deleted_during_the_post(subscription, answer):
    """A ``send`` during which the webhook is deleted (``DELETE /webhooks/{id}/`` while the receiver stalls)."""

    def send(**request):
        Subscription.objects.filter(pk=subscription.pk).delete()
        return answer

    return send


@pytest.mark.parametrize("answer", [Answer(200), Answer(500, "boom"), Answer(None, "timed out")], ids=["ok", "500", "no answer"])
def test_a_delivery_whose_webhook_is_deleted_during_the_post_ends_quietly(answer):
    subscription = subscribe()
    [delivery] = comment_event_enqueue(comment=messages.COMMENT_CREATED.parse([], COMMENT))

    assert delivery_attempt(delivery_id=delivery.pk, send=deleted_during_the_post(subscription, answer)) is None
    assert not Delivery.objects.exists() and not Subscription.objects.exists()


def test_the_deliver_task_of_a_deleted_webhook_is_a_quiet_no_op_not_an_error_nor_a_dead_letter(monkeypatch, caplog):
    subscription = subscribe()
    first, second = (comment_event_enqueue(comment=messages.COMMENT_CREATED.parse([], {**COMMENT, "id": n}))[0] for n in (1, 2))
    sent = []
    monkeypatch.setattr(deliver.app, "send_task", lambda name, **options: sent.append(name))
    monkeypatch.setattr(
        webhook_tasks, "delivery_attempt", partial(delivery_attempt, send=deleted_during_the_post(subscription, Answer(None, "timed out")))
    )
    message = messages.DELIVER_WEBHOOK.build(delivery_id=first.pk)

    with caplog.at_level(logging.INFO):
        deliver.apply(args=message.args, kwargs=message.kwargs).get()  # in flight when the webhook goes
        message = messages.DELIVER_WEBHOOK.build(delivery_id=second.pk)
        deliver.apply(args=message.args, kwargs=message.kwargs).get()  # queued behind it

    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert not DeadLetter.objects.exists() and sent == []
