"""SLA arithmetic and the periodic sweep (the clock is passed in, never waited for)."""

from datetime import UTC, datetime, timedelta

import pytest

from intake.services import Delivery, tickets_receive
from tasks.models import Task
from tasks.services.sla import assignment_window, task_target
from tasks.services.sla_sweep import sla_sweep
from tests.factories import client_for, hdts_ticket
from tts_common.outbox.models import OutboxMessage
from tts_common.routing import BULK_CREATE_NOTIFICATIONS, CREATE_INAPP_NOTIFICATION, SEND_ASSIGNMENT_NOTIFICATION
from tts_common.testing_messages import outbox_read_back

SLA = {"low": 8000, "medium": 4000, "high": 2000, "urgent": 1000}
T0 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("priority", "seconds"), [("Low", 8000), ("Medium", 4000), ("High", 2000), ("Critical", 1000)])
def test_the_task_target_is_the_sla_of_its_priority(priority, seconds):
    assert task_target(sla=SLA, priority=priority, received_at=T0) == T0 + timedelta(seconds=seconds)


def test_an_assignment_gets_its_steps_weighted_share_and_is_warned_at_three_quarters():
    target, warning = assignment_window(sla=SLA, priority="High", step_weight="3", total_weight=5, assigned_at=T0)

    assert target == T0 + timedelta(seconds=1200)
    assert warning == T0 + timedelta(seconds=900)


@pytest.fixture
def task(demo_workflows):
    tickets_receive(deliveries=[Delivery(hdts_ticket("T-1", priority="Critical"))])
    return Task.objects.get(ticket_number="T-1")


def notifications():
    return [n for m in OutboxMessage.objects.filter(task_name=BULK_CREATE_NOTIFICATIONS).order_by("id") for n in m.kwargs["notifications"]]


@pytest.mark.django_db
def test_the_sweep_warns_once_at_three_quarters(task):
    assignment = task.assignments.get()
    before = assignment.sla_warning_at - timedelta(seconds=1)

    assert sla_sweep(now=before).warned == 0
    assert sla_sweep(now=assignment.sla_warning_at).warned == 1
    assert sla_sweep(now=assignment.sla_warning_at + timedelta(seconds=5)).warned == 0
    [warning] = notifications()
    assert (warning["user_id"], warning["notification_type"], warning["related_task_id"]) == (20, "sla_warning", task.id)


@pytest.mark.django_db
def test_a_breach_notifies_and_escalates_once(task):
    assignment = task.assignments.get()
    late = assignment.target_resolution + timedelta(seconds=1)

    result = sla_sweep(now=late)

    assert (result.breached, result.escalated) == (1, 1)
    assignment.refresh_from_db()
    assert assignment.breached_at == late and assignment.status == "escalated"
    escalated = task.assignments.get(status="active")
    assert (escalated.reason, escalated.role_name, escalated.user_id) == ("sla_breach", "Admin", 1)
    assert [(n["notification_type"], n["user_id"]) for n in notifications()] == [("sla_breach", 20)]  # assignee is the owner
    much_later = escalated.target_resolution + timedelta(seconds=1)
    again = sla_sweep(now=much_later)
    assert (again.breached, again.escalated) == (1, 0)  # the escalated assignment is not escalated again
    assert sla_sweep(now=much_later).breached == 0


@pytest.mark.django_db
def test_breached_tasks_are_found_by_the_filter(task):
    admin = client_for(1, "Admin")
    assert admin.get("/tasks/?breached=true").json()["count"] == 0

    task.assignments.update(target_resolution=datetime(2000, 1, 1, tzinfo=UTC))

    body = admin.get("/tasks/?breached=true").json()
    assert body["count"] == 1 and body["results"][0]["breached"] is True


@pytest.mark.django_db
def test_a_breach_that_cannot_be_acted_on_costs_only_itself(task):
    from tts_common.deadletter.models import DeadLetter
    from workflows.models import Workflow

    tickets_receive(deliveries=[Delivery(hdts_ticket("T-HR", category="Human Resources", sub_category="", department="HR Department"))])
    broken = Workflow.objects.get(category="Human Resources").current_version
    broken.definition["sla"] = dict.fromkeys(("low", "medium", "high", "urgent"), 10**13)  # the escalation's window overflows
    broken.save(update_fields=["definition"])
    hr = Task.objects.get(ticket_number="T-HR").assignments.get()
    late = max(task.assignments.get().target_resolution, hr.target_resolution) + timedelta(seconds=1)

    result = sla_sweep(now=late)

    assert (result.breached, result.escalated, result.failed) == (1, 1, 1)
    hr.refresh_from_db()
    assert hr.breached_at == late and hr.status == "active"  # marked, not escalated
    [record] = DeadLetter.objects.all()
    assert record.task_id == f"assignment-{hr.pk}" and record.reason.startswith("breach not acted on: OverflowError")
    assert sla_sweep(now=late + timedelta(seconds=1)).failed == 0  # not picked again


@pytest.mark.django_db
def test_the_sweep_s_messages_are_what_their_consumers_read(task):
    OutboxMessage.objects.all().delete()
    assignment = task.assignments.get()

    sla_sweep(now=assignment.sla_warning_at)
    sla_sweep(now=assignment.target_resolution + timedelta(seconds=1))

    read = outbox_read_back()
    bulks = [payload for task_name, payload in read if task_name == BULK_CREATE_NOTIFICATIONS]
    assert [item.notification_type for bulk in bulks for item in bulk.items()] == ["sla_warning", "sla_breach"]
    assert {task_name for task_name, _ in read} >= {BULK_CREATE_NOTIFICATIONS, SEND_ASSIGNMENT_NOTIFICATION, CREATE_INAPP_NOTIFICATION}
