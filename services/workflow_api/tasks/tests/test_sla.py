"""SLA arithmetic and the periodic sweep (the clock is passed in, never waited for)."""

from datetime import UTC, datetime, timedelta

import pytest

from intake.services import Delivery, tickets_receive
from tasks.models import Task
from tasks.services import sla_sweep as sweep_module
from tasks.services.sla import assignment_window, task_target
from tasks.services.sla_sweep import sla_sweep
from tests.factories import client_for, hdts_ticket
from tts_common.messages import BULK_MAX_ITEMS
from tts_common.outbox.models import OutboxMessage
from tts_common.routing import BULK_CREATE_NOTIFICATIONS, CREATE_INAPP_NOTIFICATION, SEND_ASSIGNMENT_NOTIFICATION
from tts_common.testing_messages import outbox_read_back
from workflows.calendars import BusinessCalendar

SLA = {"low": 8000, "medium": 4000, "high": 2000, "urgent": 1000}
T0 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("priority", "seconds"), [("Low", 8000), ("Medium", 4000), ("High", 2000), ("Critical", 1000)])
def test_the_task_target_is_the_sla_of_its_priority(priority, seconds):
    assert task_target(sla=SLA, priority=priority, received_at=T0) == T0 + timedelta(seconds=seconds)


def test_an_assignment_gets_its_steps_weighted_share_and_is_warned_at_three_quarters():
    target, warning = assignment_window(sla=SLA, priority="High", step_weight="3", total_weight=5, assigned_at=T0)

    assert target == T0 + timedelta(seconds=1200)
    assert warning == T0 + timedelta(seconds=900)


OFFICE = BusinessCalendar.parse(
    {
        "timezone": "Asia/Manila",
        "hours": {**{day: [["08:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}, "sat": [], "sun": []},
        "holidays": ["2026-12-07"],
    }
)
FRIDAY_16_MANILA = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)


def test_in_a_calendar_the_task_target_counts_open_hours_only():
    sla = {**SLA, "high": 4 * 3600}

    # Friday 16:00 Manila + 4 open hours: 1 on Friday, Monday 7 December a holiday, 3 on Tuesday: 11:00 (03:00 UTC)
    assert task_target(sla=sla, priority="High", received_at=FRIDAY_16_MANILA, calendar=OFFICE) == datetime(2026, 12, 8, 3, 0, tzinfo=UTC)


def test_in_a_calendar_an_assignment_s_share_and_warning_are_open_time():
    sla = {**SLA, "high": 4 * 3600}

    target, warning = assignment_window(
        sla=sla, priority="High", step_weight="1", total_weight=2, assigned_at=FRIDAY_16_MANILA, calendar=OFFICE
    )

    assert target == datetime(2026, 12, 8, 1, 0, tzinfo=UTC)  # 2 open hours: Friday 16-17, Tuesday 08-09 Manila
    assert warning == datetime(2026, 12, 8, 0, 30, tzinfo=UTC)  # 1.5 open hours: Tuesday 08:30 Manila
    assert OFFICE.open_seconds_between(FRIDAY_16_MANILA, warning) == 0.75 * OFFICE.open_seconds_between(FRIDAY_16_MANILA, target)


def test_around_the_clock_a_target_past_year_9999_stays_an_overflow_error():
    with pytest.raises(OverflowError):
        task_target(sla=dict.fromkeys(SLA, 10**12), priority="Low", received_at=T0)


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


def test_a_sweeps_warnings_fit_in_one_bulk_message():
    """The sweep sends the warnings of one batch as one bulk_create_notifications message, whose definition refuses
    more than BULK_MAX_ITEMS items: a larger batch would have every warning of a busy run dead-lettered."""
    assert 0 < sweep_module.BATCH <= BULK_MAX_ITEMS
