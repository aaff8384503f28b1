"""Issue 14 item 7 through the running suite: a transfer goes only to a member of the step's role, the eligible
people are listed (and searched) for the console's picker, and an unmatched ticket says why it matched nothing."""

import uuid

import pytest

from tests.e2e.flows import ADMIN, eventually, sign_in, task_of, ticket_post
from tests.e2e.http import call

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def admin(suite):
    return sign_in(suite, *ADMIN)


def user_id_of(suite, admin, email: str) -> int:
    page = call("get", f"{suite.auth}/api/v1/users/?search={email}", token=admin).body
    return next(user["id"] for user in page["results"] if user["email"] == email)


@pytest.fixture
def new_coordinator(suite, admin):
    """Makes a new person in auth with the Ticket Coordinator role (auth syncs it to workflow_api's replica); the
    role is taken back afterwards, and the replica waited for: the suite is shared, and a second coordinator left
    behind would take every other ticket of the tests that run after (round-robin assignment)."""
    assignments = []

    def make() -> tuple[int, str]:
        email = f"cover.{uuid.uuid4().hex[:8]}@tts.local"
        person = {"email": email, "first_name": "Cover", "last_name": "Coordinator", "password": "Cover!Coord2025x"}
        created = call("post", f"{suite.auth}/api/v1/users/", person, token=admin)
        assert created.status == 201, created.body
        role = {"user": created.body["id"], "system": "tts", "role": "Ticket Coordinator"}
        assigned = call("post", f"{suite.auth}/api/v1/user-system-roles/", role, token=admin)
        assert assigned.status in (200, 201), assigned.body
        assignments.append(assigned.body)
        return created.body["id"], email

    yield make
    for assignment in assignments:
        revoked = call("delete", f"{suite.auth}/api/v1/user-system-roles/{assignment['id']}/", token=admin)
        assert revoked.status in (204, 404), revoked.body

        def withdrawn(assignment=assignment) -> bool:
            roles = call("get", f"{suite.workflow}/roles/?page_size=200", token=admin).body["results"]
            members = next((r["members"] for r in roles if r["name"] == assignment["role_name"]), [])
            return not any(m["user_id"] == assignment["user"] and m["is_active"] for m in members)

        eventually(withdrawn, what="the coordinator role withdrawn in workflow_api's replica")


def test_a_transfer_goes_only_to_the_steps_role_and_the_picker_lists_exactly_those(suite, admin, new_coordinator):
    number = ticket_post(suite, admin, "E2E: transfer within the role", "Cover for the coordinator.")
    task = eventually(lambda: (t := task_of(suite, admin, number)) and t["status"] == "in_progress" and t, what="the task")
    assert task["current_step"]["role"] == "Ticket Coordinator"
    holder = task["assignee"]["user_id"]
    url = f"{suite.workflow}/tasks/{task['id']}"
    agent = user_id_of(suite, admin, "agent1@tts.local")

    refused = call("post", f"{url}/transfer/", {"user_id": agent, "notes": "covering"}, token=admin)

    assert refused.status == 400, refused.body
    assert refused.body["errors"] == {"user_id": ["That person does not hold the step's role Ticket Coordinator."]}
    before = call("get", f"{url}/transfer-candidates/", token=admin).body
    assert agent not in {p["user_id"] for p in before["results"]} and holder not in {p["user_id"] for p in before["results"]}

    cover, email = new_coordinator()

    listed = eventually(
        lambda: (page := call("get", f"{url}/transfer-candidates/?search={email}", token=admin).body)["count"] == 1 and page,
        what="the new coordinator among the transfer candidates",
    )
    assert listed["results"][0]["user_id"] == cover and listed["results"][0]["user_email"] == email
    assert call("get", f"{url}/transfer-candidates/?search=agent1", token=admin).body["count"] == 0
    agent_token = sign_in(suite, "agent1@tts.local")
    assert call("get", f"{url}/transfer-candidates/", token=agent_token).status in (403, 404)

    moved = call("post", f"{url}/transfer/", {"user_id": cover, "notes": "covering"}, token=admin)

    assert moved.status == 200, moved.body
    assert moved.body["assignee"]["user_id"] == cover
    after = {p["user_id"] for p in call("get", f"{url}/transfer-candidates/", token=admin).body["results"]}
    assert holder in after and cover not in after


def test_an_unmatched_ticket_names_its_fields_and_why(suite, admin):
    body = {
        "subject": "E2E: nobody handles catering",
        "description": "Coffee machine.",
        "category": f"Catering {uuid.uuid4().hex[:6]}",
        "sub_category": "Coffee",
        "department": "Facilities Department",
        "priority": "Low",
        "employee": {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com", "company_id": "C-1", "department": "IT"},
    }
    created = call("post", f"{suite.ticket_mock}/api/tickets/", body, token=admin)
    assert created.status == 201, created.body
    number = created.body["ticket_number"]

    task = eventually(lambda: task_of(suite, admin, number), what="the unmatched task")

    assert task["status"] == "unmatched"
    assert (task["category"], task["sub_category"], task["department"]) == (body["category"], "Coffee", "Facilities Department")
    assert task["unmatched_reason"] == f"No workflow handles the category {body['category']!r}."
    assert call("get", f"{suite.workflow}/tasks/{task['id']}/transfer-candidates/", token=admin).status == 409
