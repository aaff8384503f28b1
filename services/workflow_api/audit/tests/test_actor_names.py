"""History entries name their actor (``actor_name``) from the role replica, for the console's sentences."""

import pytest

from intake.services import Delivery, tickets_receive
from roles.models import RoleMember
from tasks.models import Task
from tests.factories import hdts_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(demo_workflows):
    tickets_receive(deliveries=[Delivery(hdts_ticket("T-NAMES"))])
    return Task.objects.get(ticket_number="T-NAMES")


def approve(client, task_id):
    available = {t["name"]: t["id"] for t in client.get(f"/tasks/{task_id}/").json()["available_transitions"]}
    return client.post(f"/tasks/{task_id}/transition/", {"transition_id": available["approve"], "notes": "checked"}, format="json")


def test_a_task_history_names_the_person_who_acted_and_leaves_the_system_unnamed(callers, task):
    # given: the coordinator (user 20, "User 20" in the replica) approves triage
    assert approve(callers["coordinator"], task.id).status_code == 200

    # when
    history = callers["admin"].get(f"/tasks/{task.id}/").json()["history"]

    # then
    by_action = {event["action"]: event for event in history}
    assert by_action["task.transitioned"]["actor_name"] == "User 20"
    assert by_action["task.created"]["actor_user_id"] is None
    assert by_action["task.created"]["actor_name"] == ""


def test_a_person_without_a_name_in_the_replica_is_named_by_their_email(callers, task):
    # given: the coordinator's replica row has no full name
    RoleMember.objects.filter(user_id=20).update(user_full_name="")
    assert approve(callers["coordinator"], task.id).status_code == 200

    history = callers["admin"].get(f"/tasks/{task.id}/").json()["history"]

    moved = next(event for event in history if event["action"] == "task.transitioned")
    assert moved["actor_name"] == "coordinator@example.com"


def test_the_audit_list_names_every_actor_of_the_page_in_one_query(callers, task, django_assert_num_queries):
    assert approve(callers["coordinator"], task.id).status_code == 200

    with django_assert_num_queries(6):  # savepoint, the ?task= filter's task, count, page, the names, release
        body = callers["admin"].get("/audit/", {"task": task.id}).json()

    names = {event["action"]: event["actor_name"] for event in body["results"]}
    assert names["task.transitioned"] == "User 20"
    assert names["task.created"] == ""
