"""GET /tasks/{id}/requester-tickets/: the requester's other tickets, newest first, links only where the caller may open."""

from datetime import timedelta

import pytest
from django.utils import timezone

from intake.services import Delivery, tickets_receive
from tasks.models import Task
from tests.factories import hdts_ticket

pytestmark = pytest.mark.django_db


def ticket(number, email="ada@example.com", submitted="2025-11-19T08:30:00+00:00", **overrides):
    employee = {"first_name": "Ada", "last_name": "Lovelace", "email": email, "company_id": "C-17", "department": "IT"}
    return Delivery(hdts_ticket(number, submit_date=submitted, employee=employee, **overrides))


@pytest.fixture
def history(demo_workflows):
    """Ada's four tickets, T-2 received last, (one in another case of her address) and one of Bob's."""
    tickets_receive(
        deliveries=[
            ticket("T-1", submitted="2025-11-01T08:00:00+00:00", subject="Old printer"),
            ticket("T-2", email="ADA@example.com", submitted="2025-11-25T08:00:00+00:00"),
            ticket("T-3", submitted="2025-11-10T08:00:00+00:00"),
            ticket("T-4", submitted="2025-11-20T08:00:00+00:00"),
            ticket("T-9", email="bob@example.com"),
        ]
    )
    Task.objects.filter(ticket_number="T-1").update(status=Task.Status.COMPLETED)
    Task.objects.filter(ticket_number="T-2").update(received_at=timezone.now() + timedelta(minutes=5))  # received last
    return {task.ticket_number: task for task in Task.objects.all()}


def test_the_requesters_other_tickets_newest_first_with_the_open_count(callers, history):
    answer = callers["admin"].get(f"/tasks/{history['T-3'].id}/requester-tickets/")

    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert [row["ticket_number"] for row in body["results"]] == ["T-2", "T-4", "T-1"]
    assert (body["count"], body["open_count"]) == (3, 2)
    assert body["requester"] == {"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace"}
    oldest = body["results"][-1]
    assert (oldest["subject"], oldest["status"], oldest["id"], oldest["can_open"]) == ("Old printer", "completed", history["T-1"].id, True)
    assert set(oldest) == {"id", "ticket_number", "subject", "status", "priority", "received_at", "completed_at", "can_open"}


def test_an_agent_sees_the_history_but_links_only_to_tasks_they_may_open(callers, history):
    history["T-3"].assignments.update(user_id=10)  # the agent holds T-3 only
    agent = callers["agent"]

    rows = agent.get(f"/tasks/{history['T-3'].id}/requester-tickets/").json()["results"]

    assert [(row["ticket_number"], row["id"], row["can_open"]) for row in rows] == [
        ("T-2", None, False),
        ("T-4", None, False),
        ("T-1", None, False),
    ]
    assert rows[0]["subject"] == "Laptop does not boot"


@pytest.mark.parametrize(("caller", "status"), [("anonymous", 401), ("other_agent", 404)])
def test_only_people_who_may_open_the_task_read_its_requester(callers, history, caller, status):
    assert callers[caller].get(f"/tasks/{history['T-3'].id}/requester-tickets/").status_code == status


def test_a_ticket_without_a_requester_email_has_no_history(callers, history):
    Task.objects.filter(pk=history["T-9"].pk).update(ticket={"ticket_number": "T-9", "employee": "not an object"})

    body = callers["admin"].get(f"/tasks/{history['T-9'].id}/requester-tickets/").json()

    assert (body["count"], body["open_count"], body["results"]) == (0, 0, [])
    assert body["requester"] == {"email": "", "first_name": "", "last_name": ""}


def test_an_unknown_task_is_a_404(callers, history):
    assert callers["admin"].get("/tasks/999999/requester-tickets/").status_code == 404
