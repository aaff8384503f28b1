"""GET /tasks/stats/: the dashboard's figures, over exactly the tasks the caller can see (the clock is set, never read)."""

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from audit.services import Actor
from tasks.api import views
from tasks.models import Assignment, Task
from tasks.selectors import task_list_for
from tasks.services.sla import PRIORITY_RANK
from tasks.stats import task_stats
from tts_common.testing import access_token_for
from workflows.models import Workflow

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
NO_OUTCOMES = {priority: {"completed": 0, "met": 0, "share": None} for priority in PRIORITY_RANK}
WORKFLOW = "IT Support workflow"


def at(day: int, hour: int = 12, minute: int = 0) -> datetime:
    """A moment in November 2026, UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def a_task(
    number, *, status, priority="Medium", step=None, received, completed=None, target=None, held_by=(), breached_at=None, sla_met=None
):
    """A task on the IT Support workflow; ``held_by`` lists (user_id, assignment status), the last one carrying ``breached_at``."""
    version = Workflow.objects.get(name=WORKFLOW).current_version
    current = next(s for s in version.steps if s["name"] == step) if step else None
    task = Task.objects.create(
        ticket_number=number,
        ticket={"ticket_number": number},
        priority=priority,
        priority_rank=PRIORITY_RANK[priority],
        workflow=None if status == Task.Status.UNMATCHED else version.workflow,
        workflow_version=None if status == Task.Status.UNMATCHED else version,
        current_step_id=current and current["id"],
        current_step_name=current["name"] if current else "",
        current_role=current["role"] if current else "",
        status=status,
        received_at=received,
        completed_at=completed,
        target_resolution=target,
        sla_met=sla_met,
    )
    for n, (user_id, assignment_status) in enumerate(held_by, start=1):
        Assignment.objects.create(
            task=task,
            step_id=version.steps[0]["id"],
            step_name=version.steps[0]["name"],
            role_name=version.steps[0]["role"],
            user_id=user_id,
            status=assignment_status,
            assigned_at=received,
            target_resolution=target,
            breached_at=breached_at if n == len(held_by) else None,
        )
    return task


@pytest.fixture
def board(demo_workflows):
    """Agent 10 holds or held T-1, T-2 and T-4; the coordinator T-3, T-5, T-6, T-8 and T-9; T-7 is unmatched."""
    in_progress, pending, completed = Task.Status.IN_PROGRESS, Task.Status.PENDING, Task.Status.COMPLETED
    t1 = a_task("T-1", status=in_progress, priority="High", step="Resolve", received=at(19, 10), held_by=[(10, "active")])
    t1.assignments.update(target_resolution=at(20, 14), breached_at=at(20, 14, 5))  # breached now, recorded today
    a_task("T-2", status=pending, priority="Critical", step="Finalize", received=at(18, 8), target=at(21), held_by=[(10, "completed")])
    a_task(
        "T-3",
        status=in_progress,
        step="Triage",
        received=at(13, 23, 59),  # a minute before the 7-day window
        target=at(20, 12),  # past its own target
        held_by=[(20, "active")],
    )
    Assignment.objects.filter(task__ticket_number="T-3").update(target_resolution=at(21), breached_at=at(16))
    a_task(
        "T-4",
        status=completed,
        received=at(14, 0),  # the first moment of the window
        completed=at(15, 0),  # one day
        held_by=[(10, "completed")],
        breached_at=at(13),  # before the window
        sla_met=True,
    )
    a_task("T-5", status=completed, received=at(10), completed=at(20), target=at(11), held_by=[(20, "completed")], sla_met=False)
    a_task("T-6", status=completed, received=at(1), completed=at(13, 23), held_by=[(20, "completed")])  # completed before the window
    a_task("T-7", status=Task.Status.UNMATCHED, received=at(19, 9))
    a_task("T-8", status=Task.Status.CANCELLED, received=at(16), held_by=[(20, "cancelled")])
    a_task("T-9", status=in_progress, step="Triage", received=at(17), held_by=[(20, "active")])


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(views, "timezone", SimpleNamespace(now=lambda: NOW))


def week(received: list[int], resolved: list[int]) -> list[dict]:
    """The per_day entries of 14 to 20 November 2026."""
    return [{"date": f"2026-11-{day}", "received": r, "resolved": s} for day, r, s in zip(range(14, 21), received, resolved, strict=True)]


def test_an_administrator_gets_the_figures_of_every_task(callers, board, clock):
    response = callers["admin"].get("/tasks/stats/?days=7")

    assert response.status_code == 200
    assert response.json() == {
        "days": 7,
        "generated_at": "2026-11-20T15:00:00Z",
        "open_by_status": {"pending": 1, "in_progress": 3, "on_hold": 0},
        "open_by_priority": {"Low": 0, "Medium": 2, "High": 1, "Critical": 1},
        "open_by_step": [
            {"workflow": WORKFLOW, "step": "Triage", "count": 2},
            {"workflow": WORKFLOW, "step": "Finalize", "count": 1},
            {"workflow": WORKFLOW, "step": "Resolve", "count": 1},
        ],
        "breached_open": 2,  # T-1 past its assignment's target, T-3 past its own
        "breaches_in_period": 2,  # T-1 today, T-3 on the 16th; T-4's was before the window
        "unmatched": 1,
        "per_day": week(received=[1, 0, 1, 1, 1, 2, 0], resolved=[0, 1, 0, 0, 0, 0, 1]),
        "mean_time_to_resolve_seconds": (86400 + 864000) / 2,
        "completed_in_period": 2,
        "sla_met_by_workflow": [{"workflow": WORKFLOW, "completed": 2, "met": 1, "share": 0.5}],  # T-4 met, T-5 missed
        "sla_met_by_priority": {**NO_OUTCOMES, "Medium": {"completed": 2, "met": 1, "share": 0.5}},
    }


def test_an_agent_gets_the_figures_of_the_tasks_they_hold_or_held(callers, board, clock):
    body = callers["agent"].get("/tasks/stats/?days=7").json()

    assert body == {
        "days": 7,
        "generated_at": "2026-11-20T15:00:00Z",
        "open_by_status": {"pending": 1, "in_progress": 1, "on_hold": 0},
        "open_by_priority": {"Low": 0, "Medium": 0, "High": 1, "Critical": 1},
        "open_by_step": [{"workflow": WORKFLOW, "step": "Finalize", "count": 1}, {"workflow": WORKFLOW, "step": "Resolve", "count": 1}],
        "breached_open": 1,
        "breaches_in_period": 1,
        "unmatched": 0,
        "per_day": week(received=[1, 0, 0, 0, 1, 1, 0], resolved=[0, 1, 0, 0, 0, 0, 0]),
        "mean_time_to_resolve_seconds": 86400.0,
        "completed_in_period": 1,
        "sla_met_by_workflow": [{"workflow": WORKFLOW, "completed": 1, "met": 1, "share": 1.0}],
        "sla_met_by_priority": {**NO_OUTCOMES, "Medium": {"completed": 1, "met": 1, "share": 1.0}},
    }
    assert callers["agent"].get("/tasks/").json()["count"] == 3  # the same tasks as the list


def test_a_member_without_tasks_gets_zeros_and_no_mean(callers, board, clock):
    body = callers["other_agent"].get("/tasks/stats/?days=3").json()

    assert body["open_by_status"] == {"pending": 0, "in_progress": 0, "on_hold": 0}
    assert (body["sla_met_by_workflow"], body["sla_met_by_priority"]) == ([], NO_OUTCOMES)
    assert body["open_by_priority"] == {"Low": 0, "Medium": 0, "High": 0, "Critical": 0}
    assert (body["open_by_step"], body["breached_open"], body["breaches_in_period"], body["unmatched"]) == ([], 0, 0, 0)
    assert body["per_day"] == [{"date": f"2026-11-{day}", "received": 0, "resolved": 0} for day in (18, 19, 20)]
    assert (body["mean_time_to_resolve_seconds"], body["completed_in_period"]) == (None, 0)


def test_the_window_defaults_to_thirty_days(callers, board, clock):
    body = callers["admin"].get("/tasks/stats/").json()

    assert body["days"] == 30
    assert [d["date"] for d in body["per_day"]] == [(date(2026, 10, 22) + timedelta(days=n)).isoformat() for n in range(30)]
    assert sum(d["received"] for d in body["per_day"]) == 9
    assert sum(d["resolved"] for d in body["per_day"]) == body["completed_in_period"] == 3
    assert body["mean_time_to_resolve_seconds"] == (86400 + 864000 + (12 * 86400 + 11 * 3600)) / 3
    assert body["breaches_in_period"] == 3


@pytest.mark.parametrize("days", ["0", "366", "abc", "-1", "2.5", ""])  # empty is a 400 too, as for ?page=
def test_a_bad_window_names_days(callers, days):
    response = callers["admin"].get(f"/tasks/stats/?days={days}")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["days"]


@pytest.mark.parametrize(("query", "expected"), [("?days=1", 1), ("?days=365", 365), ("", 30)])  # absent is the default
def test_the_window_bounds_are_accepted(callers, board, query, expected):
    body = callers["admin"].get(f"/tasks/stats/{query}").json()

    assert body["days"] == len(body["per_day"]) == expected


def test_stats_need_a_tts_member(callers):
    outsider = APIClient()
    outsider.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token_for(user_id=99, roles=[{'system': 'hdts', 'role': 'Admin'}])}")

    assert callers["anonymous"].get("/tasks/stats/").status_code == 401
    assert outsider.get("/tasks/stats/").status_code == 403


def test_the_figures_take_a_fixed_number_of_queries(callers, board, django_assert_num_queries):
    # savepoint, totals, steps, breaches, received, resolved, SLA met by workflow and by priority, release
    with django_assert_num_queries(9):
        callers["admin"].get("/tasks/stats/?days=365")
    a_task("T-10", status=Task.Status.COMPLETED, received=at(2), completed=at(3), held_by=[(10, "completed")], sla_met=True)
    with django_assert_num_queries(9):
        callers["admin"].get("/tasks/stats/?days=365")


def test_days_are_utc_dates_and_the_window_ends_now(demo_workflows):
    a_task("T-1", status=Task.Status.COMPLETED, received=at(19, 23, 59), completed=at(20, 0, 0), held_by=[(10, "completed")])
    a_task("T-2", status=Task.Status.COMPLETED, received=at(20, 9), completed=at(20, 16), held_by=[(10, "completed")])  # after now

    stats = task_stats(tasks=task_list_for(Actor(user_id=10, email="", is_admin=False)), days=2, now=NOW)

    assert stats["per_day"] == [
        {"date": date(2026, 11, 19), "received": 1, "resolved": 0},
        {"date": date(2026, 11, 20), "received": 1, "resolved": 1},
    ]
    assert (stats["completed_in_period"], stats["mean_time_to_resolve_seconds"]) == (1, 60.0)


def test_a_held_task_is_open_on_hold_and_never_breached(callers, board, clock):
    a_task(
        "T-11", status=Task.Status.ON_HOLD, priority="Low", step="Resolve", received=at(20, 8), target=at(20, 9), held_by=[(10, "active")]
    )

    body = callers["admin"].get("/tasks/stats/?days=7").json()

    assert body["open_by_status"] == {"pending": 1, "in_progress": 3, "on_hold": 1}
    assert body["open_by_priority"]["Low"] == 1
    assert body["breached_open"] == 2  # T-11 is past its target but held
