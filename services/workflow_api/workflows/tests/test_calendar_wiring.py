"""A workflow's business-hours calendar over the API: written, validated, versioned, and every SLA target counted in it.

The issue's example throughout: Mon-Fri 08:00-17:00 in Asia/Manila (UTC+8, no daylight saving), a 4-hour SLA for
High, a ticket received Friday 4 December 2026 at 16:00 local: due Monday 7 December at 11:00 local.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from audit.services import SYSTEM
from intake.services import Delivery, tickets_receive
from tasks.models import Task
from tasks.services.sla_sweep import sla_sweep
from tests.factories import hdts_ticket
from workflows.models import Workflow
from workflows.services import WorkflowInvalidError, workflow_deploy

pytestmark = pytest.mark.django_db

MANILA = ZoneInfo("Asia/Manila")
OFFICE = {
    "timezone": "Asia/Manila",
    "hours": {**{day: [["08:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}, "sat": [], "sun": []},
    "holidays": [],
}
CLOSED_WEEK = {day: [] for day in OFFICE["hours"]}
FRIDAY_16 = datetime(2026, 12, 4, 16, 0, tzinfo=MANILA)
MONDAY_11 = datetime(2026, 12, 7, 11, 0, tzinfo=MANILA)
HOURS = 3600
WORKFLOW = {
    "name": "Office hours repair",
    "category": "Hardware",
    "sub_category": "Laptop",
    "department": "IT",
    "sla": {"low": 16 * HOURS, "medium": 8 * HOURS, "high": 4 * HOURS, "urgent": 2 * HOURS},
    "calendar": OFFICE,
    "steps": [
        {"name": "Diagnose", "role": "Agent", "weight": 3, "escalate_to": "Admin"},
        {"name": "Approve", "role": "Asset Manager", "weight": 1},
    ],
    "transitions": [
        {"from_step": None, "to_step": "Diagnose", "name": "start"},
        {"from_step": "Diagnose", "to_step": "Approve", "name": "approve"},
        {"from_step": "Approve", "to_step": None, "name": "approve"},
    ],
}


def deployed(callers, definition=WORKFLOW) -> int:
    workflow_id = callers["admin"].post("/workflows/", definition, format="json").json()["id"]
    assert callers["admin"].post(f"/workflows/{workflow_id}/deploy/").status_code == 200
    return workflow_id


def receive_at(monkeypatch, when: datetime, number: str = "T-CAL") -> Task:
    monkeypatch.setattr("django.utils.timezone.now", lambda: when.astimezone(UTC))
    ticket = hdts_ticket(number, category="Hardware", sub_category="Laptop", department="IT", priority="High")
    tickets_receive(deliveries=[Delivery(ticket)])
    monkeypatch.undo()
    return Task.objects.get(ticket_number=number)


def test_a_workflow_is_written_and_read_with_its_calendar_normalised(callers):
    calendar = {
        "timezone": "Asia/Manila",
        "hours": {**OFFICE["hours"], "mon": [["08:00", "12:00"], ["12:00", "17:00"]]},
        "holidays": ["2026-12-30", "2026-12-25", "2026-12-30"],
    }

    created = callers["admin"].post("/workflows/", {**WORKFLOW, "calendar": calendar}, format="json")

    assert created.status_code == 201, created.json()
    expected = {**OFFICE, "holidays": ["2026-12-25", "2026-12-30"]}  # touching intervals merged, holidays sorted once
    assert created.json()["calendar"] == expected
    assert callers["agent"].get(f"/workflows/{created.json()['id']}/").json()["calendar"] == expected


def test_without_a_calendar_a_workflow_runs_around_the_clock(callers):
    body = {key: value for key, value in WORKFLOW.items() if key != "calendar"}

    created = callers["admin"].post("/workflows/", body, format="json").json()
    nulled = callers["admin"].post("/workflows/", {**body, "name": "Null", "calendar": None}, format="json").json()

    assert created["calendar"] is None and nulled["calendar"] is None


@pytest.mark.parametrize(
    ("calendar", "field", "message"),
    [
        ({**OFFICE, "hours": CLOSED_WEEK}, "calendar.hours", "the week has no open hours"),
        ({**OFFICE, "timezone": "Mars/Olympus"}, "calendar.timezone", "'Mars/Olympus' is not a known IANA time zone"),
        (
            {**OFFICE, "hours": {**OFFICE["hours"], "mon": [["17:00", "08:00"]]}},
            "calendar.hours.mon",
            "17:00-08:00 must start before it ends",
        ),
        ({**OFFICE, "holidays": ["25/12/2026"]}, "calendar.holidays", "'25/12/2026' is not a \"YYYY-MM-DD\" date"),
        ({**OFFICE, "weekends": []}, "calendar.weekends", "is not a calendar key (use timezone, hours, holidays)"),
        ("office hours", "calendar", 'must be an object {"timezone", "hours", "holidays"} or null'),
    ],
)
def test_a_bad_calendar_is_a_400_naming_its_path(callers, calendar, field, message):
    response = callers["admin"].post("/workflows/", {**WORKFLOW, "calendar": calendar}, format="json")

    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == {field: [message]}
    assert response.json()["detail"] == f"{field}: {message}"
    assert not Workflow.objects.exists()


def test_a_patch_of_the_calendar_alone_changes_it_and_awaits_a_deploy(callers):
    workflow_id = deployed(callers)

    patched = callers["admin"].patch(f"/workflows/{workflow_id}/", {"calendar": None}, format="json")
    refused = callers["admin"].patch(f"/workflows/{workflow_id}/", {"calendar": {"timezone": "UTC"}}, format="json")

    assert patched.status_code == 200 and patched.json()["calendar"] is None and patched.json()["has_undeployed_changes"]
    assert refused.status_code == 400 and set(refused.json()["errors"]) == {"calendar.hours"}
    assert Workflow.objects.get(pk=workflow_id).calendar is None


def test_the_calendar_is_versioned_with_the_workflow(callers, replica, monkeypatch):
    workflow_id = deployed(callers)
    on_version_1 = receive_at(monkeypatch, FRIDAY_16, "T-V1")
    callers["admin"].patch(f"/workflows/{workflow_id}/", {"calendar": None}, format="json")
    callers["admin"].post(f"/workflows/{workflow_id}/deploy/")

    on_version_2 = receive_at(monkeypatch, FRIDAY_16, "T-V2")

    versions = Workflow.objects.get(pk=workflow_id).versions.order_by("number")
    assert [version.definition["calendar"] for version in versions] == [OFFICE, None]
    assert on_version_1.target_resolution == MONDAY_11  # its version's calendar, edited or not
    assert on_version_2.target_resolution == FRIDAY_16 + timedelta(hours=4)  # around the clock


def test_deploy_refuses_a_stored_calendar_that_does_not_parse(callers, replica):
    workflow_id = callers["admin"].post("/workflows/", WORKFLOW, format="json").json()["id"]
    Workflow.objects.filter(pk=workflow_id).update(calendar={**OFFICE, "hours": CLOSED_WEEK})

    with pytest.raises(WorkflowInvalidError) as refused:
        workflow_deploy(actor=SYSTEM, workflow=Workflow.objects.get(pk=workflow_id))

    assert refused.value.problems == ["calendar.hours: the week has no open hours"]


def test_deploy_refuses_an_sla_the_calendar_can_never_give(callers, replica):
    """Found by a tester: one minute a week and ten years of SLA deployed, and every ticket became an intake failure."""
    minute_a_week = {"timezone": "Pacific/Kiritimati", "hours": {**CLOSED_WEEK, "mon": [["00:00", "00:01"]]}, "holidays": []}
    ten_years = 315_360_000
    definition = {**WORKFLOW, "calendar": minute_a_week, "sla": {"low": ten_years, "medium": ten_years, "high": 60, "urgent": 60}}
    workflow_id = callers["admin"].post("/workflows/", definition, format="json").json()["id"]

    refused = callers["admin"].post(f"/workflows/{workflow_id}/deploy/")

    assert refused.status_code == 400, refused.json()
    assert refused.json()["problems"] == [
        f"sla.{key}: {ten_years} s of open time are not reached within 36600 days in this calendar" for key in ("low", "medium")
    ]


def test_the_issue_s_example_a_ticket_received_friday_16_00_is_due_monday_11_00(callers, replica, monkeypatch):
    deployed(callers)

    task = receive_at(monkeypatch, FRIDAY_16)

    assignment = task.assignments.get()
    assert task.target_resolution == MONDAY_11
    # Diagnose holds 3 of 4 weights: 3 open hours from Friday 16:00 (one on Friday, two on Monday), warned at 75%
    assert assignment.target_resolution == datetime(2026, 12, 7, 10, 0, tzinfo=MANILA)
    assert assignment.sla_warning_at == datetime(2026, 12, 7, 9, 15, tzinfo=MANILA)
    detail = callers["admin"].get(f"/tasks/{task.id}/").json()
    assert datetime.fromisoformat(detail["target_resolution"]) == MONDAY_11


def test_the_sweep_warns_and_breaches_at_the_calendar_aware_times(callers, replica, monkeypatch):
    deployed(callers)
    task = receive_at(monkeypatch, FRIDAY_16)
    assignment = task.assignments.get()
    second = timedelta(seconds=1)

    assert sla_sweep(now=datetime(2026, 12, 4, 19, 0, tzinfo=MANILA)).warned == 0  # 75% of 3 h around the clock: closed
    assert sla_sweep(now=assignment.sla_warning_at - second).warned == 0
    assert sla_sweep(now=assignment.sla_warning_at).warned == 1
    assert sla_sweep(now=assignment.target_resolution - second).breached == 0
    result = sla_sweep(now=assignment.target_resolution)  # exactly at Monday 10:00 Manila

    assert (result.breached, result.escalated) == (1, 1)
    escalated = task.assignments.get(status="active")
    assert (escalated.role_name, escalated.assigned_at) == ("Admin", assignment.target_resolution)
    # the escalation's own share (3 of 4 of 4 h) counts open hours too: 10:00 + 3 h on Monday
    assert escalated.target_resolution == datetime(2026, 12, 7, 13, 0, tzinfo=MANILA)
