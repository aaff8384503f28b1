"""A completed task's SLA outcome (issue 13, item 4): met or missed, by how much, and the time to resolve, in open time.

The calendar case is the issue's example (tests of workflows/tests/test_calendar_wiring.py): Mon-Fri 08:00-17:00 in
Asia/Manila, a 4-hour SLA, received Friday 16:00 local, due Monday 11:00 local.
"""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.models import Task
from tasks.services.sla_outcome import sla_outcome
from tests.factories import client_for
from workflows.calendars import AROUND_THE_CLOCK, BusinessCalendar
from workflows.tests.test_calendar_wiring import FRIDAY_16, MANILA, MONDAY_11, OFFICE, deployed, receive_at

HOURS = 3600
CALENDAR = BusinessCalendar.parse(OFFICE)


def test_around_the_clock_the_margin_is_elapsed_time():
    received = datetime(2026, 12, 1, 9, tzinfo=UTC)
    target = received + timedelta(hours=8)

    early = sla_outcome(received_at=received, completed_at=target - timedelta(hours=3), target=target)
    late = sla_outcome(received_at=received, completed_at=target + timedelta(hours=2), target=target)
    exact = sla_outcome(received_at=received, completed_at=target, target=target)

    assert (early.met, early.margin_seconds, early.resolution_open_seconds) == (True, 3 * HOURS, 5 * HOURS)
    assert (late.met, late.margin_seconds, late.resolution_open_seconds) == (False, -2 * HOURS, 10 * HOURS)
    assert (exact.met, exact.margin_seconds) == (True, 0)  # at the target is in time


def test_without_a_target_nothing_is_judged():
    received = datetime(2026, 12, 1, 9, tzinfo=UTC)

    outcome = sla_outcome(received_at=received, completed_at=received + timedelta(minutes=90), target=None)

    assert (outcome.met, outcome.margin_seconds, outcome.resolution_open_seconds) == (None, None, 90 * 60)


def test_in_office_hours_a_weekend_does_not_count():
    monday_9, monday_14 = MONDAY_11 - timedelta(hours=2), MONDAY_11 + timedelta(hours=3)

    met = sla_outcome(received_at=FRIDAY_16, completed_at=monday_9, target=MONDAY_11, calendar=CALENDAR)
    missed = sla_outcome(received_at=FRIDAY_16, completed_at=monday_14, target=MONDAY_11, calendar=CALENDAR)

    assert (met.met, met.margin_seconds, met.resolution_open_seconds) == (True, 2 * HOURS, 2 * HOURS)  # Fri 16-17, Mon 8-9
    assert (missed.met, missed.margin_seconds, missed.resolution_open_seconds) == (False, -3 * HOURS, 7 * HOURS)


@settings(max_examples=200, deadline=None)
@given(
    calendar=st.sampled_from([AROUND_THE_CLOCK, CALENDAR]),
    received=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)),
    sla=st.integers(min_value=1, max_value=30 * 24 * HOURS),
    taken=st.integers(min_value=0, max_value=60 * 24 * HOURS),
)
def test_the_outcome_agrees_with_the_open_time_taken(calendar, received, sla, taken):
    """Completed after ``taken`` seconds of open time against a target of ``sla`` seconds of open time: met exactly
    when taken <= sla, the margin is sla - taken, the time to resolve is taken (to the second)."""
    target = calendar.add_open_time(received, sla)
    completed = calendar.add_open_time(received, taken)

    outcome = sla_outcome(received_at=received, completed_at=completed, target=target, calendar=calendar)

    assert outcome.met == (completed <= target)
    assert outcome.met == (taken <= sla) or completed == target
    assert abs(outcome.margin_seconds - (sla - taken)) <= 1
    assert abs(outcome.resolution_open_seconds - taken) <= 1


@pytest.fixture
def walked(callers, replica, monkeypatch):
    """The issue's calendar task; ``finish(at)`` walks it to Resolved at ``at`` (Diagnose, then Approve)."""
    deployed(callers)
    task = receive_at(monkeypatch, FRIDAY_16)

    def finish(at: datetime) -> dict:
        monkeypatch.setattr("django.utils.timezone.now", lambda: at.astimezone(UTC))
        for holder in (task.assignments.get(status="active").user_id, 30):
            client = client_for(holder, "Asset Manager" if holder == 30 else "Agent")
            transition = client.get(f"/tasks/{task.id}/").json()["available_transitions"][0]
            assert client.post(f"/tasks/{task.id}/transition/", {"transition_id": transition["id"]}, format="json").status_code == 200
        monkeypatch.undo()
        return callers["admin"].get(f"/tasks/{task.id}/").json()

    return task, finish


@pytest.mark.django_db
def test_a_task_resolved_monday_at_nine_met_its_sla_two_open_hours_early(callers, walked):
    _, finish = walked

    body = finish(datetime(2026, 12, 7, 9, 0, tzinfo=MANILA))

    assert (body["status"], body["sla_met"], body["sla_margin_seconds"], body["resolution_open_seconds"]) == (
        "completed",
        True,
        2 * HOURS,
        2 * HOURS,
    )
    assert body["breached"] is False
    assert callers["admin"].get("/tasks/?breached=true").json()["count"] == 0


@pytest.mark.django_db
def test_a_task_resolved_monday_at_two_missed_by_three_hours_and_counts_as_breached(callers, walked):
    task, finish = walked

    body = finish(datetime(2026, 12, 7, 14, 0, tzinfo=MANILA))

    assert (body["sla_met"], body["sla_margin_seconds"], body["resolution_open_seconds"]) == (False, -3 * HOURS, 7 * HOURS)
    assert body["breached"] is True
    listed = callers["admin"].get("/tasks/?breached=true").json()
    assert [row["ticket_number"] for row in listed["results"]] == [task.ticket_number]
    assert listed["results"][0]["sla_met"] is False
    assert callers["admin"].get("/tasks/?breached=false").json()["count"] == 0
    assert Task.objects.get(pk=task.pk).completed_at == datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
