"""A transfer goes only to a member of the step's role; the candidates endpoint lists exactly who may take the task."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.services import Actor
from intake.services import Delivery, tickets_receive
from tasks.models import Assignment, Task
from tasks.selectors import transfer_candidates
from tasks.services.errors import TaskInputError
from tasks.services.lifecycle import task_transfer, transfer_roles
from tests.factories import add_member, hdts_ticket

pytestmark = pytest.mark.django_db
ADMIN = Actor(user_id=1, email="admin@example.com", is_admin=True)


@pytest.fixture
def task(demo_workflows):
    """T-1 at Triage (role Ticket Coordinator), held by coordinator 20."""
    tickets_receive(deliveries=[Delivery(hdts_ticket("T-1"))])
    return Task.objects.get(ticket_number="T-1")


def candidates(client, task_id, query=""):
    return client.get(f"/tasks/{task_id}/transfer-candidates/{query}")


def holders(task):
    return sorted(Assignment.objects.filter(task=task, status="active").values_list("user_id", flat=True))


def test_a_transfer_to_someone_without_the_steps_role_is_refused_naming_user_id(callers, task):
    response = callers["admin"].post(f"/tasks/{task.id}/transfer/", {"user_id": 11, "notes": "covering"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"user_id": ["That person does not hold the step's role Ticket Coordinator."]}
    assert holders(task) == [20]


def test_a_transfer_to_a_member_of_the_steps_role_is_taken(callers, task):
    add_member(21, "Ticket Coordinator", email="second.coordinator@example.com")

    response = callers["admin"].post(f"/tasks/{task.id}/transfer/", {"user_id": 21, "notes": "covering"}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["assignee"]["user_id"] == 21
    assert response.json()["assignments"][-1]["role_name"] == "Ticket Coordinator"


def test_an_inactive_member_of_the_role_is_refused(callers, task):
    add_member(22, "Ticket Coordinator", active=False)

    response = callers["admin"].post(f"/tasks/{task.id}/transfer/", {"user_id": 22}, format="json")

    assert response.status_code == 400 and list(response.json()["errors"]) == ["user_id"]


def test_after_an_escalation_the_escalation_role_and_the_steps_role_may_take_it(callers, task):
    add_member(2, "Admin", email="second.admin@example.com")
    add_member(21, "Ticket Coordinator")
    assert callers["admin"].post(f"/tasks/{task.id}/escalate/", {"reason": "stuck"}, format="json").status_code == 200
    task.refresh_from_db()
    assert transfer_roles(task) == ["Admin", "Ticket Coordinator"]
    holder = holders(task)[0]

    listed = {person["user_id"] for person in candidates(callers["admin"], task.id).json()["results"]}

    assert listed == {1, 2, 20, 21} - {holder}
    refused = callers["admin"].post(f"/tasks/{task.id}/transfer/", {"user_id": 10}, format="json")
    assert refused.json()["errors"]["user_id"] == [
        "That person does not hold the step's role Ticket Coordinator nor the escalation role Admin."
    ]
    back = callers["admin"].post(f"/tasks/{task.id}/transfer/", {"user_id": 21}, format="json")
    assert back.status_code == 200 and back.json()["current_step"]["role"] == "Ticket Coordinator"


def test_the_candidates_are_the_roles_active_members_but_the_holder(callers, task):
    add_member(21, "Ticket Coordinator", email="bea.santos@example.com")
    add_member(22, "Ticket Coordinator", email="carl.reyes@example.com")
    add_member(23, "Ticket Coordinator", active=False)

    body = candidates(callers["admin"], task.id).json()

    assert body["count"] == 2
    assert [person["user_id"] for person in body["results"]] == [21, 22]
    first = {"user_id": 21, "user_email": "bea.santos@example.com", "user_full_name": "User 21", "active_assignments": 0}
    assert body["results"][0] == first


def test_the_candidates_are_searched_by_name_or_email_and_paginated(callers, task):
    for user_id in range(40, 46):
        add_member(user_id, "Ticket Coordinator", email=f"helper{user_id}@example.com")
    admin = callers["admin"]

    assert [p["user_id"] for p in candidates(admin, task.id, "?search=HELPER42").json()["results"]] == [42]
    assert [p["user_id"] for p in candidates(admin, task.id, "?search=user%2043").json()["results"]] == [43]
    assert candidates(admin, task.id, "?search=nobody").json()["count"] == 0
    page = candidates(admin, task.id, "?page_size=4&page=2").json()
    assert (page["count"], len(page["results"])) == (6, 2)
    assert candidates(admin, task.id, "?search=" + "x" * 201).json()["errors"].keys() == {"search"}


def test_the_candidates_count_each_persons_load(callers, task):
    add_member(21, "Ticket Coordinator")
    tickets_receive(deliveries=[Delivery(hdts_ticket("T-2"))])  # round robin: 21 gets it
    other = Task.objects.get(ticket_number="T-2")
    assert holders(other) == [21]

    [person] = candidates(callers["admin"], task.id).json()["results"]

    assert (person["user_id"], person["active_assignments"]) == (21, 1)


@pytest.mark.parametrize(("caller", "status"), [("anonymous", 401), ("agent", 403), ("coordinator", 403), ("admin", 200)])
def test_only_administrators_list_the_candidates(callers, task, caller, status):
    assert candidates(callers[caller], task.id).status_code == status


def test_a_closed_or_missing_task_has_no_candidates(callers, task):
    Task.objects.filter(pk=task.pk).update(status=Task.Status.COMPLETED)

    assert candidates(callers["admin"], task.id).status_code == 409
    assert candidates(callers["admin"], 999999).status_code == 404
    assert candidates(callers["admin"], "abc").status_code == 404


def test_an_unmatched_task_cannot_be_transferred(callers, demo_workflows):
    tickets_receive(deliveries=[Delivery(hdts_ticket("T-9", category="Unknown"))])
    task = Task.objects.get(ticket_number="T-9")

    assert callers["admin"].post(f"/tasks/{task.id}/transfer/", {"user_id": 20}, format="json").status_code == 409
    assert candidates(callers["admin"], task.id).status_code == 409


ROLES = ["Agent", "Ticket Coordinator", "Asset Manager", "Budget Manager"]
FRESH_IDS = itertools.count(100)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(memberships=st.lists(st.tuples(st.sampled_from(ROLES), st.booleans()), max_size=3))
def test_exactly_the_active_members_of_the_steps_role_are_listed_and_accepted(task, memberships):
    """Whoever it is, with whichever roles (active or not): the transfer takes them if and only if the candidates
    list them, and that is exactly when they are an active member of the step's role."""
    user_id = next(FRESH_IDS)  # the database lives across examples: a new person each time
    for role, active in memberships:
        add_member(user_id, role, active=active)
    eligible = ("Ticket Coordinator", True) in memberships
    task.refresh_from_db()

    listed = any(person["user_id"] == user_id for person in transfer_candidates(task))
    refusal = None
    try:
        task_transfer(task_id=task.id, user_id=user_id, notes="", actor=ADMIN)
    except TaskInputError as error:
        refusal = error.field
    accepted = refusal is None

    assert refusal in (None, "user_id")
    assert listed == accepted == eligible
    if accepted:  # hand it back, for the next example
        task_transfer(task_id=task.id, user_id=20, notes="", actor=ADMIN)
