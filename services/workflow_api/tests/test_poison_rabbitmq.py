"""One poison in a batch of good messages, for every workflow_api consumer, through a real worker, RabbitMQ and PostgreSQL.

The good ones are done, the poison is recorded (``DeadLetter``, and for intake
``IntakeFailure``) and on the dead-letter queue, and the worker is still alive.
"""

from pathlib import Path

import pytest
from celery import Celery

from intake.models import IntakeFailure
from intake.services import Delivery, tickets_receive
from roles.models import Role, RoleMember
from tasks.models import Task
from tests.factories import hdts_ticket, membership_payload
from tts_common.routing import (
    DEAD_LETTER_QUEUE,
    NOTIFY_TICKET_PARTICIPANTS,
    RECEIVE_TICKET,
    ROLE_SYNC_QUEUE,
    SEED_WORKFLOWS,
    SLA_SWEEP,
    SYNC_ROLE,
    SYNC_USER_SYSTEM_ROLE,
    TICKET_QUEUE,
    USER_SYSTEM_ROLE_SYNC_QUEUE,
    WORKFLOW_MAINTENANCE_QUEUE,
    WORKFLOW_SEED_QUEUE,
)
from tts_common.testing import celery_workers, drain_task_messages, wait_until
from tts_common.testing_consumers import ONE_MEGABYTE, Message, assert_only_the_poison_failed, poison_among_good, publish_through_worker

SERVICE_DIR = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def role(n, **changes):
    return Message([{"role_id": 7000 + n, "name": f"Poison test {n}", "system": "tts", "action": "create", **changes}])


def member(n, **changes):
    payload = membership_payload(700 + n, user_system_role_id=7000 + n, user_email=f"m{n}@example.com", user_full_name="Pat Q")
    return Message([{**payload, **changes}])


def comment(n, **changes):
    kwargs = {"ticket_number": "PZ-1", "author_user_id": 999, "notification_type": "comment_added", "subject": "New comment"}
    return Message(kwargs={**kwargs, "message": f"comment {n}", "metadata": {"n": n}, **changes})


# consumer -> (task name, queue, good message for n, {poison kind: message}); every poison must be recorded.
CONSUMERS = {
    "sync_role": (
        SYNC_ROLE,
        ROLE_SYNC_QUEUE,
        role,
        {
            "nul": role(90, name="bad\x00name"),
            "overflow": role(91, role_id=10**30),
            "wrong_type": role(92, role_id="seven"),
            "not_a_dict": Message(["not a dict"]),
            "one_megabyte": role(94, name=ONE_MEGABYTE),
        },
    ),
    "sync_user_system_role": (
        SYNC_USER_SYSTEM_ROLE,
        USER_SYSTEM_ROLE_SYNC_QUEUE,
        member,
        {
            "nul": member(90, user_full_name="Pat\x00Q"),
            "overflow": member(91, user_id=10**30),
            "wrong_type": member(92, user_id={"id": 1}),
            "not_a_dict": Message([[1, 2, 3]]),
            "one_megabyte": member(94, user_email=ONE_MEGABYTE),
        },
    ),
    "notify_ticket_participants": (
        NOTIFY_TICKET_PARTICIPANTS,
        WORKFLOW_MAINTENANCE_QUEUE,
        comment,
        {
            "nul": comment(90, subject="bad\x00subject"),
            "overflow": comment(91, metadata={"n": 1e308 * 10}),  # JSON's Infinity: no database stores it
            "wrong_type": comment(92, metadata="not an object"),
            "not_a_dict": Message(["PZ-1", 999, "comment_added", "s", "m", ["not", "a", "dict"]]),
            "one_megabyte": comment(94, ticket_number=ONE_MEGABYTE),  # unknown keywords are ignored, so a known one
        },
    ),
    "seed_workflows": (SEED_WORKFLOWS, WORKFLOW_SEED_QUEUE, lambda n: Message(), {"arguments": Message(["unexpected"])}),
    "sla_sweep": (SLA_SWEEP, WORKFLOW_MAINTENANCE_QUEUE, lambda n: Message(), {"arguments": Message(kwargs={"x": "\x00"})}),
}


@pytest.mark.parametrize("consumer", list(CONSUMERS))
def test_one_poison_costs_only_itself(consumer, postgres_database, replica, rabbitmq_url, tmp_path, request):
    task_name, queue, good, poisons = CONSUMERS[consumer]
    if consumer == "notify_ticket_participants":  # a task with an assignee to tell
        request.getfixturevalue("demo_workflows")
        tickets_receive(deliveries=[Delivery(hdts_ticket("PZ-1"))])
    messages = poison_among_good(consumer, good, poisons)

    run = publish_through_worker(
        service_dir=SERVICE_DIR, broker_url=rabbitmq_url, queue=queue, task_name=task_name, messages=messages, log_path=tmp_path / "w.log"
    )

    assert_only_the_poison_failed(run, messages)
    if consumer == "sync_role":
        assert Role.objects.filter(role_id__in=[7000, 7001, 7002, 7003]).count() == 4
    if consumer == "sync_user_system_role":
        assert RoleMember.objects.filter(user_system_role_id__in=[7000, 7001, 7002, 7003]).count() == 4


def _hr_sla(seconds):
    from workflows.models import Workflow

    version = Workflow.objects.get(category="Human Resources").current_version
    version.definition["sla"] = dict.fromkeys(("low", "medium", "high", "urgent"), seconds)
    version.save(update_fields=["definition"])


def test_intake_one_poison_of_each_kind_costs_only_itself(postgres_database, demo_workflows, rabbitmq_url, tmp_path):
    """The ticket from the issue: NUL in the subject among good tickets; and an SLA that overflows, a wrong type, not a dict, 1 MB."""
    _hr_sla(10**12)
    producer = Celery("hdts", broker=rabbitmq_url, set_as_current=False)
    drain_task_messages(producer, DEAD_LETTER_QUEUE, timeout=0.3)
    good = [hdts_ticket(f"PZ-{n}") for n in range(5)]
    poisons = {
        "nul": hdts_ticket("PZ-NUL", subject="bad\x00subject"),
        "overflow": hdts_ticket("PZ-OVERFLOW", category="Human Resources", sub_category="", department="HR Department"),
        "wrong_type": hdts_ticket({"number": 1}),
        "not_a_dict": ["not", "a", "dict"],
        "one_megabyte": hdts_ticket("PZ-" + ONE_MEGABYTE),
    }
    log = tmp_path / "intake.log"
    with celery_workers(SERVICE_DIR, broker_url=rabbitmq_url, queues=[TICKET_QUEUE], logs=[log]) as [worker]:
        for ticket in [good[0], *poisons.values(), *good[1:]]:
            producer.send_task(RECEIVE_TICKET, args=[ticket], queue=TICKET_QUEUE)
        wait_until(
            lambda: (
                Task.objects.filter(ticket_number__in=[t["ticket_number"] for t in good]).count() == 5
                and IntakeFailure.objects.count() == len(poisons)
            ),
            timeout=60,
            message="5 tasks and 5 intake failures",
            log=log,
        )
        assert worker.poll() is None

    assert Task.objects.count() == 5
    reasons = {failure.ticket_number[:12]: failure.reason for failure in IntakeFailure.objects.all()}
    assert reasons["PZ-NUL"] == "ticket_data.subject contains a NUL character (U+0000), which cannot be stored"
    assert reasons["PZ-OVERFLOW"].startswith("OverflowError")
    assert "ticket_data must be an object, not list" in reasons.values()
    assert "ticket_data has no ticket_number (nor ticket_id)" in reasons.values() or any("ticket_number" in r for r in reasons.values())
    assert "ticket_data.ticket_number: String should have at most 64 characters" in reasons.values()
    dead = drain_task_messages(producer, DEAD_LETTER_QUEUE, timeout=3, until=lambda found: len(found) >= len(poisons))
    assert sorted(m["body"]["reason"] for m in dead) == sorted(reasons.values())


def test_a_message_that_is_not_a_task_or_names_no_task_here_is_recorded_not_dropped(postgres_database, replica, rabbitmq_url, tmp_path):
    from kombu import Connection

    from tts_common.deadletter.models import DeadLetter
    from tts_common.routing import plain_queue

    producer = Celery("stranger", broker=rabbitmq_url, set_as_current=False)
    log = tmp_path / "w.log"
    with celery_workers(SERVICE_DIR, broker_url=rabbitmq_url, queues=[ROLE_SYNC_QUEUE], logs=[log]) as [worker]:
        with Connection(rabbitmq_url) as connection:
            connection.Producer().publish(
                {"hello": "not celery"}, exchange=ROLE_SYNC_QUEUE, routing_key=ROLE_SYNC_QUEUE, declare=[plain_queue(ROLE_SYNC_QUEUE)]
            )
            connection.Producer().publish(
                b"{not json \xff",
                routing_key=ROLE_SYNC_QUEUE,
                content_type="application/json",
                content_encoding="utf-8",
                headers={"task": SYNC_ROLE, "id": "undecodable-1"},
            )
        producer.send_task("role.tasks.no_such_task", args=[1], queue=ROLE_SYNC_QUEUE, task_id="unknown-1")
        producer.send_task(SYNC_ROLE, args=[{"role_id": 7100, "name": "After strangers", "action": "create"}], queue=ROLE_SYNC_QUEUE)
        wait_until(lambda: Role.objects.filter(role_id=7100).exists() and DeadLetter.objects.count() == 3, message="3 records", log=log)
        assert worker.poll() is None

    records = {record.task_name: record for record in DeadLetter.objects.all()}
    assert records["<not a task message>"].reason == "not a task message (no task header)"
    assert "not celery" in records["<not a task message>"].args[0]["raw_body"]
    assert records["role.tasks.no_such_task"].reason == "unknown task 'role.tasks.no_such_task' on this worker"
    assert records["role.tasks.no_such_task"].task_id == "unknown-1"
    undecodable = DeadLetter.objects.get(task_id="undecodable-1")
    assert (undecodable.task_name, undecodable.queue) == (SYNC_ROLE, ROLE_SYNC_QUEUE)
    assert undecodable.reason.startswith("undecodable body (application/json): ")
    assert "{not json" in undecodable.args[0]["raw_body"]


def test_a_task_message_whose_body_is_not_celerys_envelope_costs_only_itself(postgres_database, replica, rabbitmq_url, tmp_path):
    """A tester's finding: a bare object (what a naive kombu producer sends) or ``[[]]`` under a task header made
    Celery raise inside its message handler; the worker died, and the unacknowledged message killed it again
    after every restart. Now each is dead-lettered naming what is wrong and the worker goes on."""
    from kombu import Connection

    from tts_common.deadletter.models import DeadLetter
    from tts_common.routing import plain_queue

    bodies = {
        "bare-object": {"role_id": 1},
        "one-item": [[]],
        "two-items": [[], {}],
        "a-string": "just a string",
        "kwargs-list": [[], ["a"], {}],
        "embed-string": [[], {}, "x"],
    }
    log = tmp_path / "w.log"
    with celery_workers(SERVICE_DIR, broker_url=rabbitmq_url, queues=[ROLE_SYNC_QUEUE], logs=[log]) as [worker]:
        with Connection(rabbitmq_url) as connection:
            for task_id, body in bodies.items():
                connection.Producer().publish(
                    body,
                    exchange=ROLE_SYNC_QUEUE,
                    routing_key=ROLE_SYNC_QUEUE,
                    declare=[plain_queue(ROLE_SYNC_QUEUE)],
                    serializer="json",
                    headers={"task": SYNC_ROLE, "id": task_id},
                )
        producer = Celery("stranger", broker=rabbitmq_url, set_as_current=False)
        producer.send_task(SYNC_ROLE, args=[{"role_id": 7200, "name": "After the envelopes", "action": "create"}], queue=ROLE_SYNC_QUEUE)
        wait_until(
            lambda: Role.objects.filter(role_id=7200).exists() and DeadLetter.objects.count() == len(bodies),
            message="the good role and a record per bad envelope",
            log=log,
        )
        assert worker.poll() is None

    reasons = {record.task_id: record.reason for record in DeadLetter.objects.all()}
    assert reasons["bare-object"] == "malformed task message: the body must be the list [args, kwargs, embed] (Celery message protocol 2)"
    assert reasons["one-item"] == reasons["bare-object"] == reasons["two-items"] == reasons["a-string"]
    assert reasons["kwargs-list"] == "malformed task message: body[1] (kwargs) must be an object"
    assert reasons["embed-string"] == "malformed task message: body[2] (embed) must be an object or null"
    assert {record.task_name for record in DeadLetter.objects.all()} == {SYNC_ROLE}
