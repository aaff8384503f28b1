"""Every notification consumer: one poison among good messages through a real worker; arbitrary JSON is processed or recorded."""

from pathlib import Path

import pytest
from hypothesis import given

from notifications.models import InAppNotification
from notifications.tasks import bulk_create_notifications, create_inapp_notification, send_assignment_notification, send_email
from tests.factories import assignment_kwargs, inapp_kwargs, send_email_kwargs
from tts_common.routing import (
    BULK_CREATE_NOTIFICATIONS,
    CREATE_INAPP_NOTIFICATION,
    INAPP_NOTIFICATION_QUEUE,
    NOTIFICATION_QUEUE,
    SEND_ASSIGNMENT_NOTIFICATION,
    SEND_EMAIL,
)
from tts_common.testing_consumers import (
    ONE_MEGABYTE,
    PROCESSED,
    RECORDED,
    Message,
    assert_only_the_poison_failed,
    consumer_settings,
    keyword_messages,
    poison_among_good,
    publish_through_worker,
    settle,
)

SERVICE_DIR = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True, scope="module")
def _templates_back_after_the_flush(django_db_blocker):
    """A transactional test ends by emptying every table; put back the templates the migrations ship for the tests after."""
    yield
    from templating.models import NotificationTemplate
    from templating.services import default_templates_install

    with django_db_blocker.unblock():
        default_templates_install(model=NotificationTemplate)


def assignment(n, **changes):
    return Message(kwargs={**assignment_kwargs(user_id=800 + n, user_email=f"a{n}@example.com"), **changes})


def mail(n, **changes):
    return Message(kwargs={**send_email_kwargs(to=f"m{n}@example.com"), **changes})


def inapp(n, **changes):
    return Message(kwargs={**inapp_kwargs(user_id=800 + n, subject=f"poison test {n}"), **changes})


def bulk(n, **changes):
    return Message(kwargs={"notifications": [inapp_kwargs(user_id=900 + n, subject=f"bulk {n}:{i}", **changes) for i in range(2)]})


# consumer -> (task name, queue, good message for n, {poison kind: message}); every poison must be recorded.
CONSUMERS = {
    "send_assignment_notification": (
        SEND_ASSIGNMENT_NOTIFICATION,
        NOTIFICATION_QUEUE,
        assignment,
        {
            "nul": assignment(90, task_title="bad\x00title"),
            "overflow": assignment(91, task_id=10**30),
            "wrong_type": assignment(92, user_id="eight hundred"),
            "not_a_dict": Message(["not", "a", "dict"]),
            "one_megabyte": assignment(94, ticket_number=ONE_MEGABYTE),
        },
    ),
    "send_email": (
        SEND_EMAIL,
        NOTIFICATION_QUEUE,
        mail,
        {
            "nul": mail(90, context={"first_name": "O\x00live"}),
            "overflow": mail(91, context={"n": 1e308 * 10}),
            "wrong_type": mail(92, template=["password_reset"]),
            "not_a_dict": mail(93, context=["not", "a", "dict"]),
            "one_megabyte": mail(94, to=ONE_MEGABYTE),
        },
    ),
    "create_inapp_notification": (
        CREATE_INAPP_NOTIFICATION,
        INAPP_NOTIFICATION_QUEUE,
        inapp,
        {
            "nul": inapp(90, message="bad\x00message"),
            "overflow": inapp(91, related_task_id=10**30),
            "wrong_type": inapp(92, subject={"a": 1}),
            "not_a_dict": inapp(93, metadata="not a dict"),
            "one_megabyte": inapp(94, related_ticket_number=ONE_MEGABYTE),
        },
    ),
    "bulk_create_notifications": (
        BULK_CREATE_NOTIFICATIONS,
        INAPP_NOTIFICATION_QUEUE,
        bulk,
        {
            "nul": Message(kwargs={"notifications": "\x00"}),
            "overflow": Message(kwargs={"notifications": 10**30}),
            "wrong_type": Message(kwargs={"notifications": {"user_id": 1}}),
            "not_a_dict": Message(["not", "a", "dict"]),
            "one_megabyte": Message(kwargs={"notifications": ONE_MEGABYTE}),
        },
    ),
}


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("consumer", list(CONSUMERS))
def test_one_poison_costs_only_itself(consumer, postgres_database, rabbitmq_url, redis_url, tmp_path):
    task_name, queue, good, poisons = CONSUMERS[consumer]
    messages = poison_among_good(consumer, good, poisons)
    env = {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": str(tmp_path / "mail")}

    run = publish_through_worker(
        service_dir=SERVICE_DIR,
        broker_url=rabbitmq_url,
        queue=queue,
        task_name=task_name,
        messages=messages,
        log_path=tmp_path / "w.log",
        env=env,
    )

    assert_only_the_poison_failed(run, messages)
    if consumer == "create_inapp_notification":
        assert InAppNotification.objects.filter(subject__startswith="poison test").count() == 4
    if consumer == "bulk_create_notifications":
        assert InAppNotification.objects.filter(subject__startswith="bulk").count() == 8


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_bulk_item_the_database_refuses_costs_only_itself(postgres_database, rabbitmq_url, redis_url, tmp_path):
    """An item whose text PostgreSQL cannot store (a lone surrogate cannot be UTF-8) in a bulk message: the other items
    are stored, and the bad one is recorded and dead-lettered alone, naming its field (the message definition refuses
    it before the insert since its text fields are bounded pydantic strings)."""
    items = [inapp_kwargs(user_id=950 + n, subject=f"split {n}") for n in range(3)]
    items.insert(1, inapp_kwargs(user_id=960, subject="split bad \ud800 surrogate"))

    run = publish_through_worker(
        service_dir=SERVICE_DIR,
        broker_url=rabbitmq_url,
        queue=INAPP_NOTIFICATION_QUEUE,
        task_name=BULK_CREATE_NOTIFICATIONS,
        messages={"bulk-split": Message(kwargs={"notifications": items})},
        log_path=tmp_path / "w.log",
    )

    assert run.succeeded == {"bulk-split"} and run.worker_alive, run.log[-3000:]
    assert sorted(InAppNotification.objects.filter(subject__startswith="split").values_list("user_id", flat=True)) == [950, 951, 952]
    assert run.recorded["bulk-split"].startswith("malformed items: notifications.1.subject: ")
    assert run.dead_lettered["bulk-split"] == run.recorded["bulk-split"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("task", "valid"),
    [
        (send_assignment_notification, assignment_kwargs()),
        (send_email, send_email_kwargs()),
        (create_inapp_notification, inapp_kwargs()),
        (bulk_create_notifications, {"notifications": [inapp_kwargs(), inapp_kwargs(user_id=11)]}),
    ],
    ids=lambda value: getattr(value, "name", ""),
)
def test_each_consumer_processes_or_records_any_message(task, valid, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    @consumer_settings()
    @given(message=keyword_messages(list(valid), valid))
    def check(message):
        assert settle(task, *message) in (PROCESSED, RECORDED)

    check()


def test_every_consumer_settles_its_final_failures():
    from config.celery import app
    from tts_common.testing_consumers import tasks_without_settling

    assert tasks_without_settling(app) == []
