"""Telling a ticket's people about a comment made in messaging (``workflow.notify_ticket_participants``)."""

from datetime import UTC, datetime

import pytest

from intake.services import Delivery, tickets_receive
from tasks.models import Assignment, Task
from tasks.tasks import notify_ticket_participants
from tests.factories import hdts_ticket
from tts_common.outbox.models import OutboxMessage
from tts_common.routing import BULK_CREATE_NOTIFICATIONS, NOTIFY_TICKET_PARTICIPANTS, TASK_QUEUES, WORKFLOW_MAINTENANCE_QUEUE
from tts_common.testing_messages import outbox_read_back

pytestmark = pytest.mark.django_db

COMMENT = {
    "notification_type": "comment_added",
    "subject": "New comment on T-1",
    "message": "Bob Agent: Could you check the cable?",
    "metadata": {"comment_id": 5, "parent": None, "author_name": "Bob Agent"},
}


@pytest.fixture
def task(demo_workflows):
    tickets_receive(deliveries=[Delivery(hdts_ticket("T-1"))])
    task = Task.objects.get(ticket_number="T-1")
    current = task.assignments.get()
    Assignment.objects.create(  # someone who held it before
        task=task,
        step_id=current.step_id,
        step_name=current.step_name,
        role_name="Agent",
        user_id=11,
        status=Assignment.Status.COMPLETED,
        assigned_at=datetime(2025, 1, 1, tzinfo=UTC),
    )
    OutboxMessage.objects.all().delete()
    return task


def sent():
    return [
        (n["user_id"], n["notification_type"], n["related_task_id"], n["related_ticket_number"], n["subject"])
        for m in OutboxMessage.objects.filter(task_name=BULK_CREATE_NOTIFICATIONS).order_by("id")
        for n in m.kwargs["notifications"]
    ]


def run(task_id="incoming-1", **kwargs):
    return notify_ticket_participants.apply(kwargs={"ticket_number": "T-1", **COMMENT, **kwargs}, task_id=task_id).get()


def test_the_task_is_routed_to_workflow_apis_maintenance_queue():
    assert TASK_QUEUES[NOTIFY_TICKET_PARTICIPANTS] == WORKFLOW_MAINTENANCE_QUEUE == "tts.workflow.maintenance"
    assert notify_ticket_participants.name == "workflow.notify_ticket_participants"


def test_everyone_ever_assigned_and_the_owner_are_told_but_not_the_author(task):
    assert task.owner_user_id == 20

    assert run(author_user_id=11) == {"notified": [20]}
    assert sent() == [(20, "comment_added", task.pk, "T-1", "New comment on T-1")]
    [message] = OutboxMessage.objects.filter(task_name=BULK_CREATE_NOTIFICATIONS)
    assert message.kwargs["notifications"][0]["metadata"] == {**COMMENT["metadata"], "author_user_id": 11}
    assert message.kwargs["notifications"][0]["message"] == "Bob Agent: Could you check the cable?"


def test_a_comment_by_someone_outside_the_task_tells_all_of_them_in_one_message(task):
    assert run(author_user_id=99) == {"notified": [11, 20]}
    assert [user_id for user_id, *_ in sent()] == [11, 20]
    assert OutboxMessage.objects.filter(task_name=BULK_CREATE_NOTIFICATIONS).count() == 1


def test_the_same_message_delivered_twice_queues_one_notification(task):
    run(author_user_id=99, task_id="incoming-7")
    assert run(author_user_id=99, task_id="incoming-7") == {"notified": []}
    run(author_user_id=99, task_id="incoming-8")

    assert OutboxMessage.objects.filter(task_name=BULK_CREATE_NOTIFICATIONS).count() == 2


def test_a_ticket_workflow_api_does_not_know_tells_nobody(db):
    assert run(ticket_number="T-unknown", author_user_id=11) == {"notified": []}
    assert not OutboxMessage.objects.exists()


def test_nobody_is_told_when_the_author_is_the_only_participant(task):
    Assignment.objects.filter(task=task).update(user_id=20)

    assert run(author_user_id=20) == {"notified": []}
    assert not OutboxMessage.objects.exists()


def test_the_bulk_message_is_what_the_notification_worker_reads(task):
    run(author_user_id=99)

    [(task_name, bulk)] = outbox_read_back()

    assert task_name == BULK_CREATE_NOTIFICATIONS
    assert [(item.user_id, item.notification_type, item.related_ticket_number) for item in bulk.items()] == [
        (11, "comment_added", "T-1"),
        (20, "comment_added", "T-1"),
    ]
