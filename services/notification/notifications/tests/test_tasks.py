"""The four consumers, called as a worker calls them (``.apply`` with a message id), with payloads round-tripped through JSON."""

import json

import pytest
from django.core import mail

from notifications.models import DeliveryLog, InAppNotification
from notifications.tasks import bulk_create_notifications, create_inapp_notification, send_assignment_notification, send_email
from tests.factories import PEOPLE, NotificationPreferenceFactory, assignment_kwargs, inapp_kwargs, send_email_kwargs
from tts_common.celery import TTSTask
from tts_common.routing import INAPP_NOTIFICATION_QUEUE, NOTIFICATION_QUEUE

pytestmark = pytest.mark.django_db


def as_sent(kwargs: dict) -> dict:
    """What arrives over the wire: JSON values only."""
    return json.loads(json.dumps(kwargs))


def test_the_task_names_and_queues_are_the_contracts():
    from config.celery import app

    expected = {
        send_assignment_notification: ("task.send_assignment_notification", NOTIFICATION_QUEUE),
        send_email: ("notifications.send_email", NOTIFICATION_QUEUE),
        create_inapp_notification: ("notifications.create_inapp_notification", INAPP_NOTIFICATION_QUEUE),
        bulk_create_notifications: ("notifications.bulk_create_notifications", INAPP_NOTIFICATION_QUEUE),
    }
    for task, (name, queue) in expected.items():
        assert task.name == name and isinstance(task, TTSTask) and name in app.tasks
        assert app.amqp.router.route({}, name)["queue"].name == queue
    assert {queue.name for queue in app.conf.task_queues} == {
        "notification-queue-default",
        "inapp-notification-queue",
        "tts.revocation.notification",
    }


# --- task.send_assignment_notification ------------------------------------------------------------


def test_an_assignment_is_mailed_to_the_assignee_and_logged():
    result = send_assignment_notification.apply(kwargs=as_sent(assignment_kwargs()), task_id="assign-1")

    assert result.get() == "sent"
    [message] = mail.outbox
    assert message.to == ["owner@example.com"]
    assert message.subject == "New task assigned: TX20251119000123"
    assert "Laptop does not boot" in message.body and "as Ticket Coordinator" in message.body
    log = DeliveryLog.objects.get()
    assert (log.channel, log.status, log.recipient, log.user_id, log.attempts) == ("email", "sent", "owner@example.com", PEOPLE["owner"], 1)
    assert (log.notification_type, log.message_id, log.dedupe_key) == ("task_assignment", "assign-1", "assign-1:email")
    assert log.sent_at is not None and log.subject == message.subject


def test_the_same_assignment_message_twice_mails_once():
    send_assignment_notification.apply(kwargs=as_sent(assignment_kwargs()), task_id="assign-twice")

    again = send_assignment_notification.apply(kwargs=as_sent(assignment_kwargs()), task_id="assign-twice")

    assert again.get() == "duplicate"
    assert len(mail.outbox) == 1 and DeliveryLog.objects.count() == 1


def test_two_messages_for_the_same_assignment_are_two_mails():
    send_assignment_notification.apply(kwargs=as_sent(assignment_kwargs()), task_id="a")
    send_assignment_notification.apply(kwargs=as_sent(assignment_kwargs()), task_id="b")

    assert len(mail.outbox) == 2


def test_a_muted_assignment_mail_is_skipped_with_the_reason():
    NotificationPreferenceFactory(notification_type="task_assignment", channel="email", enabled=False)

    result = send_assignment_notification.apply(kwargs=as_sent(assignment_kwargs()), task_id="muted-1")

    assert result.get() == "skipped" and mail.outbox == []
    log = DeliveryLog.objects.get()
    assert (log.status, log.error, log.attempts) == ("skipped", "muted: the recipient turned off email for task_assignment", 0)


def test_run_without_a_message_id_still_delivers():
    assert send_assignment_notification.run(**assignment_kwargs()) == "sent"
    assert len(mail.outbox) == 1


# --- notifications.send_email (auth) --------------------------------------------------------------


def test_auths_password_reset_mail_is_rendered_and_sent():
    result = send_email.apply(kwargs=as_sent(send_email_kwargs()), task_id="reset-1")

    assert result.get() == "sent"
    [message] = mail.outbox
    assert message.subject == "Reset your Ticket Tracking System password"
    assert "http://localhost:1000/reset-password?uid=MTA&token=abc" in message.body  # not escaped to &amp;
    assert message.extra_headers["X-TTS-Notification-Type"] == "password_reset"


def test_security_mail_goes_out_whatever_the_preferences_say():
    NotificationPreferenceFactory(user_email="owner@example.com", notification_type="otp_code", channel="email", enabled=False)

    send_email.apply(kwargs=as_sent(send_email_kwargs(template="otp_code", context={"code": "123456"})), task_id="otp-1")

    assert len(mail.outbox) == 1 and "123456" in mail.outbox[0].body


def test_a_mail_addressed_only_by_email_honours_that_persons_preference():
    NotificationPreferenceFactory(user_email="owner@example.com", notification_type="login_alert", channel="email", enabled=False)

    result = send_email.apply(kwargs=as_sent(send_email_kwargs(to="OWNER@example.com", template="login_alert")), task_id="alert-1")

    assert result.get() == "skipped" and mail.outbox == []


def test_a_template_nobody_wrote_falls_back_to_a_generic_mail():
    send_email.apply(kwargs=as_sent(send_email_kwargs(template="budget_approved", context={"amount": 100})), task_id="generic-1")

    [message] = mail.outbox
    assert message.subject == "Budget approved" and "amount: 100" in message.body


def test_positional_arguments_are_read_in_the_contracts_order():
    send_email.apply(args=["owner@example.com", "system", {"message": "Hello"}], task_id="positional-1")

    assert mail.outbox[0].body.endswith("Hello\n\n-- \nTicket Tracking System")


# --- notifications.create_inapp_notification --------------------------------------------------------


def test_an_inapp_notification_is_stored_as_sent_and_logged():
    result = create_inapp_notification.apply(kwargs=as_sent(inapp_kwargs()), task_id="inapp-1")

    notification = InAppNotification.objects.get()
    assert result.get() == notification.pk
    assert (notification.user_id, notification.subject, notification.notification_type) == (
        PEOPLE["owner"],
        "New task assigned: TX20251119000123",
        "task_assignment",
    )
    assert (notification.related_task_id, notification.related_ticket_number, notification.metadata["step"]) == (
        42,
        "TX20251119000123",
        "Triage",
    )
    assert not notification.is_read and notification.dedupe_key == "inapp-1"
    log = DeliveryLog.objects.get()
    assert (log.channel, log.status, log.recipient, log.dedupe_key) == ("inapp", "sent", "user:10", "inapp-1:inapp")


def test_the_same_inapp_message_twice_stores_one_notification():
    create_inapp_notification.apply(kwargs=as_sent(inapp_kwargs()), task_id="inapp-twice")

    again = create_inapp_notification.apply(kwargs=as_sent(inapp_kwargs()), task_id="inapp-twice")

    assert again.get() is None
    assert InAppNotification.objects.count() == 1 and DeliveryLog.objects.count() == 1


def test_muting_email_keeps_inapp():
    NotificationPreferenceFactory(notification_type="task_assignment", channel="email", enabled=False)

    create_inapp_notification.apply(kwargs=as_sent(inapp_kwargs()), task_id="inapp-kept")
    send_assignment_notification.apply(kwargs=as_sent(assignment_kwargs()), task_id="mail-muted")

    assert InAppNotification.objects.count() == 1 and mail.outbox == []
    assert dict(DeliveryLog.objects.values_list("channel", "status")) == {"inapp": "sent", "email": "skipped"}


def test_a_muted_inapp_type_is_not_stored_but_logged_as_skipped():
    NotificationPreferenceFactory(notification_type="sla_warning", channel="inapp", enabled=False)

    result = create_inapp_notification.apply(kwargs=as_sent(inapp_kwargs(notification_type="sla_warning")), task_id="muted-inapp")

    assert result.get() is None and not InAppNotification.objects.exists()
    assert DeliveryLog.objects.get().status == "skipped"


def test_a_blank_subject_and_message_are_filled_in_from_the_inapp_template():
    create_inapp_notification.apply(kwargs=as_sent(inapp_kwargs(subject="", message="")), task_id="blank-1")

    notification = InAppNotification.objects.get()
    assert notification.subject == "New task assigned: TX20251119000123"
    assert notification.message == "Ticket TX20251119000123 is waiting for you at step Triage as Ticket Coordinator."


def test_optional_fields_may_be_null():
    create_inapp_notification.apply(
        kwargs=as_sent(inapp_kwargs(notification_type="system", related_task_id=None, related_ticket_number=None, metadata=None)),
        task_id="nulls-1",
    )

    notification = InAppNotification.objects.get()
    assert (notification.related_task_id, notification.related_ticket_number, notification.metadata) == (None, "", {})


def test_a_stored_notification_is_pushed_after_commit_with_the_rest_payload(pushes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        create_inapp_notification.apply(kwargs=as_sent(inapp_kwargs()), task_id="push-1")
    assert pushes == []  # nothing before the commit

    for callback in callbacks:
        callback()

    notification = InAppNotification.objects.get()
    [(user_id, event)] = pushes
    assert user_id == PEOPLE["owner"]
    assert event["type"] == "notification.created"
    assert event["notification"]["id"] == notification.pk
    assert set(event["notification"]) == {
        "id",
        "user_id",
        "subject",
        "message",
        "notification_type",
        "related_task_id",
        "related_ticket_number",
        "metadata",
        "is_read",
        "read_at",
        "created_at",
    }
    json.dumps(event)  # plain JSON values, as the channel layer needs


def test_a_duplicate_or_muted_notification_is_not_pushed(pushes, django_capture_on_commit_callbacks):
    NotificationPreferenceFactory(notification_type="sla_breach", channel="inapp", enabled=False)
    create_inapp_notification.apply(kwargs=as_sent(inapp_kwargs()), task_id="push-dup")
    pushes.clear()

    with django_capture_on_commit_callbacks(execute=True):
        create_inapp_notification.apply(kwargs=as_sent(inapp_kwargs()), task_id="push-dup")
        create_inapp_notification.apply(kwargs=as_sent(inapp_kwargs(notification_type="sla_breach")), task_id="push-muted")

    assert pushes == []


# --- notifications.bulk_create_notifications ---------------------------------------------------------


def sla_warnings(count: int) -> list[dict]:
    return [
        inapp_kwargs(user_id=100 + n, notification_type="sla_warning", subject=f"SLA warning: TX{n}", related_ticket_number=f"TX{n}")
        for n in range(count)
    ]


def test_a_bulk_message_stores_every_item_and_pushes_each(pushes, django_capture_on_commit_callbacks, django_assert_max_num_queries):
    with django_capture_on_commit_callbacks(execute=True), django_assert_max_num_queries(8):
        result = bulk_create_notifications.apply(kwargs=as_sent({"notifications": sla_warnings(25)}), task_id="bulk-1")

    assert result.get() == {"created": 25, "duplicates": 0, "skipped": 0, "malformed": 0}
    assert sorted(InAppNotification.objects.values_list("user_id", flat=True)) == list(range(100, 125))
    assert sorted(InAppNotification.objects.values_list("dedupe_key", flat=True)) == sorted(f"bulk-1:{n}" for n in range(25))
    assert DeliveryLog.objects.filter(channel="inapp", status="sent").count() == 25
    assert sorted(user_id for user_id, _ in pushes) == list(range(100, 125))


def test_the_same_bulk_message_twice_stores_each_item_once():
    bulk_create_notifications.apply(kwargs=as_sent({"notifications": sla_warnings(3)}), task_id="bulk-twice")

    again = bulk_create_notifications.apply(kwargs=as_sent({"notifications": sla_warnings(3)}), task_id="bulk-twice")

    assert again.get() == {"created": 0, "duplicates": 3, "skipped": 0, "malformed": 0}
    assert InAppNotification.objects.count() == 3


def test_a_bulk_item_muted_by_its_person_is_skipped():
    NotificationPreferenceFactory(user_id=101, notification_type="sla_warning", channel="inapp", enabled=False)

    result = bulk_create_notifications.apply(kwargs=as_sent({"notifications": sla_warnings(3)}), task_id="bulk-muted")

    assert result.get()["skipped"] == 1
    assert sorted(InAppNotification.objects.values_list("user_id", flat=True)) == [100, 102]
    assert DeliveryLog.objects.get(user_id=101).status == "skipped"


def test_malformed_bulk_items_are_logged_and_dead_lettered_alone(dead_letters):
    items = [*sla_warnings(2), {"user_id": "nobody", "notification_type": "sla_warning"}, "not an object"]

    result = bulk_create_notifications.apply(kwargs=as_sent({"notifications": items}), task_id="bulk-bad")

    assert result.get() == {"created": 2, "duplicates": 0, "skipped": 0, "malformed": 2}
    failed = DeliveryLog.objects.filter(status="failed").order_by("dedupe_key")
    assert [(log.dedupe_key, log.error) for log in failed] == [
        (
            "bulk-bad:2:inapp",
            "malformed message: notifications.2.user_id: Input should be a valid integer, unable to parse string as an integer",
        ),
        ("bulk-bad:3:inapp", "malformed message: notifications.3 must be an object, not str"),
    ]
    [dead] = dead_letters
    assert dead["task_name"] == "notifications.bulk_create_notifications" and dead["task_id"] == "bulk-bad"
    assert dead["kwargs"] == {"notifications": items[2:]}
    assert dead["reason"].startswith("malformed items: notifications.2.user_id: Input should be a valid integer")


# --- malformed messages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("task", "args", "kwargs", "reason"),
    [
        (create_inapp_notification, [], {**inapp_kwargs(), "user_id": None}, "user_id: Input should be a valid integer"),
        (create_inapp_notification, [], {**inapp_kwargs(), "user_id": True}, "user_id: must be a whole number, not a boolean"),
        (
            create_inapp_notification,
            [],
            {**inapp_kwargs(), "notification_type": "Task Assignment!"},
            "notification_type: String should match pattern",
        ),
        (create_inapp_notification, [], {**inapp_kwargs(), "metadata": ["x"]}, "metadata must be an object, not list"),
        (create_inapp_notification, [], {**inapp_kwargs(), "subject": {"a": 1}}, "subject: Input should be a valid string"),
        (create_inapp_notification, [1, 2, 3, 4, 5, 6, 7, 8], {}, "expected at most 7 positional arguments"),
        (send_assignment_notification, [], {**assignment_kwargs(), "user_email": "not-an-address"}, "is not an email address"),
        (
            send_assignment_notification,
            [],
            {**assignment_kwargs(), "ticket_number": ""},
            "ticket_number: String should have at least 1 character",
        ),
        (send_email, [], {**send_email_kwargs(), "to": None}, "to: Input should be a valid string"),
        (send_email, [], {**send_email_kwargs(), "context": "oops"}, "context must be an object, not str"),
        (send_email, ["a@example.com"], {"to": "b@example.com"}, "to was given both positionally and as a keyword"),
        (bulk_create_notifications, [], {"notifications": {"user_id": 1}}, "notifications: Input should be a valid list"),
        (bulk_create_notifications, [], {}, "notifications is missing"),
    ],
)
def test_a_malformed_message_is_logged_and_dead_lettered_without_retries(dead_letters, task, args, kwargs, reason):
    result = task.apply(args=as_sent(args), kwargs=as_sent(kwargs), task_id="bad-1")

    assert result.failed() and reason in str(result.result)
    log = DeliveryLog.objects.get()
    assert log.status == "failed" and reason in log.error and log.message_id == "bad-1" and log.task_name == task.name
    [dead] = dead_letters
    assert (dead["task_name"], dead["task_id"]) == (task.name, "bad-1") and reason in dead["reason"]
    assert mail.outbox == [] and not InAppNotification.objects.exists()


def test_a_malformed_message_delivered_twice_is_logged_once(dead_letters):
    for _ in range(2):
        send_email.apply(kwargs={"to": "nobody"}, task_id="bad-twice")

    assert DeliveryLog.objects.count() == 1
    assert DeliveryLog.objects.get().recipient == "nobody"


def test_unknown_extra_keywords_are_ignored():
    create_inapp_notification.apply(kwargs=as_sent({**inapp_kwargs(), "priority_hint": "high"}), task_id="extra-1")

    assert InAppNotification.objects.count() == 1
