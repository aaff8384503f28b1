"""Holding and resuming a task: who may, in which state, the SLA clock stopped and moved on resume, the help desk told."""

from datetime import UTC, datetime, timedelta

import pytest

from intake.services import Delivery, tickets_receive
from tasks.models import Task
from tasks.services.hold import moved_by_hold
from tasks.services.sla_sweep import sla_sweep
from tests.factories import hdts_ticket
from tts_common.outbox.models import OutboxMessage
from tts_common.routing import SEND_TICKET_STATUS
from tts_common.testing_messages import outbox_read_back
from workflows.calendars import AROUND_THE_CLOCK, BusinessCalendar
from workflows.tests.test_calendar_wiring import FRIDAY_16, MANILA, OFFICE, deployed, receive_at

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def task(demo_workflows, monkeypatch):
    at(monkeypatch, T0)
    tickets_receive(deliveries=[Delivery(hdts_ticket("T-1"))])
    return Task.objects.get(ticket_number="T-1")  # at Triage, held by the coordinator (user 20)


def at(monkeypatch, when: datetime) -> None:
    monkeypatch.setattr("django.utils.timezone.now", lambda: when.astimezone(UTC))


def hold(client, task, reason="Waiting for the requester"):
    return client.post(f"/tasks/{task.id}/hold/", {"reason": reason}, format="json")


def resume(client, task):
    return client.post(f"/tasks/{task.id}/resume/", {}, format="json")


def statuses_told():
    return [m.args[1] for m in OutboxMessage.objects.filter(task_name=SEND_TICKET_STATUS).order_by("id")]


def test_the_assignee_holds_and_resumes_and_the_help_desk_is_told_both(callers, task, monkeypatch):
    held = hold(callers["coordinator"], task)

    assert held.status_code == 200, held.json()
    assert (held.json()["status"], held.json()["hold_reason"]) == ("on_hold", "Waiting for the requester")
    assert datetime.fromisoformat(held.json()["held_at"]) == T0
    at(monkeypatch, T0 + timedelta(hours=1))
    resumed = resume(callers["coordinator"], task)

    assert resumed.status_code == 200, resumed.json()
    assert (resumed.json()["status"], resumed.json()["hold_reason"], resumed.json()["held_at"]) == ("in_progress", "", None)
    assert statuses_told() == ["In Progress", "On Hold", "In Progress"]
    read = [payload.new_status for _, payload in outbox_read_back(task_name=SEND_TICKET_STATUS)]  # as ticket_mock reads them
    assert read == ["In Progress", "On Hold", "In Progress"]
    history = [(event["action"], event["after"].get("reason")) for event in resumed.json()["history"]]
    assert history[-2:] == [("task.held", "Waiting for the requester"), ("task.resumed", None)]


@pytest.mark.parametrize(("caller", "status"), [("agent", 404), ("admin", 200), ("coordinator", 200)])
def test_the_assignee_or_an_administrator_may_hold(callers, task, caller, status):
    response = hold(callers[caller], task)  # an agent who never held the task does not see it

    assert response.status_code == status
    assert Task.objects.get(pk=task.pk).status == ("on_hold" if status == 200 else "in_progress")


def test_an_assignee_of_before_may_see_the_task_but_not_hold_or_resume_it(callers, task):
    from tasks.tests.test_tasks_api import take

    assert take(callers["coordinator"], task.id, "approve").status_code == 200  # now with an agent; the coordinator still sees it

    assert hold(callers["coordinator"], task).status_code == 403
    holder = callers["agent"] if task.assignments.get(status="active").user_id == 10 else callers["other_agent"]
    assert hold(holder, task).status_code == 200
    forbidden = resume(callers["coordinator"], task)
    assert forbidden.status_code == 403 and forbidden.json()["code"] == "permission_denied"
    assert resume(callers["admin"], task).status_code == 200


def test_the_wrong_state_is_a_409_and_a_blank_reason_a_400(callers, task):
    not_held = resume(callers["coordinator"], task)
    blank = hold(callers["coordinator"], task, reason="  ")
    assert hold(callers["coordinator"], task).status_code == 200
    twice = hold(callers["coordinator"], task)
    missing = callers["admin"].post(f"/tasks/{task.id}/hold/", {}, format="json")

    assert (not_held.status_code, not_held.json()["code"]) == (409, "conflict")
    assert (blank.status_code, blank.json()["errors"]) == (400, {"reason": ["Say why the task is put on hold."]})
    assert (twice.status_code, twice.json()["code"]) == (409, "conflict")
    assert missing.status_code == 400 and "reason" in missing.json()["errors"]
    assert callers["coordinator"].get(f"/tasks/{task.id}/").json()["available_transitions"] == []  # nothing moves a held task


def test_a_held_task_is_found_by_status_and_is_never_breached(callers, task):
    hold(callers["coordinator"], task)
    Task.objects.filter(pk=task.pk).update(target_resolution=datetime(2000, 1, 1, tzinfo=UTC))

    held = callers["admin"].get("/tasks/?status=on_hold").json()

    assert [t["ticket_number"] for t in held["results"]] == ["T-1"] and held["results"][0]["breached"] is False
    assert callers["admin"].get("/tasks/?status=in_progress").json()["count"] == 0
    assert callers["admin"].get("/tasks/?breached=true").json()["count"] == 0


def test_while_held_the_sweep_neither_warns_breaches_nor_escalates(callers, task):
    assignment = task.assignments.get()
    hold(callers["coordinator"], task)

    result = sla_sweep(now=assignment.target_resolution + timedelta(days=30))

    assert (result.warned, result.breached, result.escalated) == (0, 0, 0)
    assignment.refresh_from_db()
    assert (assignment.status, assignment.warned_at, assignment.breached_at) == ("active", None, None)


def test_around_the_clock_resume_moves_every_target_by_the_time_held(callers, task, monkeypatch):
    assignment, target = task.assignments.get(), task.target_resolution
    at(monkeypatch, T0 + timedelta(minutes=10))
    hold(callers["coordinator"], task)
    at(monkeypatch, T0 + timedelta(days=2, minutes=10))

    resume(callers["admin"], task)

    task.refresh_from_db()
    moved = task.assignments.get()
    assert task.target_resolution == target + timedelta(days=2)
    assert moved.target_resolution == assignment.target_resolution + timedelta(days=2)
    assert moved.sla_warning_at == assignment.sla_warning_at + timedelta(days=2)
    assert sla_sweep(now=assignment.target_resolution + timedelta(seconds=1)).breached == 0  # the old target no longer counts
    assert sla_sweep(now=moved.target_resolution).breached == 1


def test_in_a_calendar_resume_moves_the_targets_by_the_open_time_that_passed(callers, replica, monkeypatch):
    deployed(callers)
    task = receive_at(monkeypatch, FRIDAY_16)  # task due Monday 11:00, Diagnose due Monday 10:00, warned 09:15 (Manila)
    holder = callers["agent"] if task.assignments.get().user_id == 10 else callers["other_agent"]
    at(monkeypatch, datetime(2026, 12, 4, 16, 30, tzinfo=MANILA))
    assert hold(holder, task).status_code == 200
    at(monkeypatch, datetime(2026, 12, 8, 9, 0, tzinfo=MANILA))  # Tuesday 09:00: Monday's hours passed while held

    resumed = resume(holder, task)

    assert resumed.status_code == 200, resumed.json()
    task.refresh_from_db()
    assignment = task.assignments.get()
    # what was left at Friday 16:30 is left from Tuesday 09:00: 3.5 h, 2.5 h and 1.75 h of open time
    assert task.target_resolution == datetime(2026, 12, 8, 12, 30, tzinfo=MANILA)
    assert assignment.target_resolution == datetime(2026, 12, 8, 11, 30, tzinfo=MANILA)
    assert assignment.sla_warning_at == datetime(2026, 12, 8, 10, 45, tzinfo=MANILA)
    [resumed_event] = [e for e in resumed.json()["history"] if e["action"] == "task.resumed"]
    # Friday 16:30-17:00, Monday 08:00-17:00 and Tuesday 08:00-09:00
    assert resumed_event["after"]["held_open_seconds"] == 10 * 3600 + 1800


def test_a_target_already_passed_at_the_hold_stays_where_it_was():
    held_at, resumed_at = T0, T0 + timedelta(hours=5)
    office = BusinessCalendar.parse(OFFICE)

    assert moved_by_hold(AROUND_THE_CLOCK, T0 - timedelta(hours=1), held_at=held_at, resumed_at=resumed_at) == T0 - timedelta(hours=1)
    assert moved_by_hold(office, None, held_at=held_at, resumed_at=resumed_at) is None
    an_hour_left = moved_by_hold(AROUND_THE_CLOCK, T0 + timedelta(hours=1), held_at=held_at, resumed_at=resumed_at)
    assert an_hour_left == resumed_at + timedelta(hours=1)
