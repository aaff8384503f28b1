"""/snippets/: personal and shared canned replies, checked placeholders, filled in for a task the caller may open."""

import pytest

from intake.services import Delivery, tickets_receive
from snippets.models import Snippet
from snippets.services import MAX_SNIPPETS_PER_OWNER
from tasks.models import Task
from tests.factories import client_for, hdts_ticket
from tts_common.testing import access_token_for

pytestmark = pytest.mark.django_db
GREETING = {"title": "Greeting", "shortcut": "/hello", "body": "Hi {{ requester_first_name }}, about {{ticket_number}}:"}


@pytest.fixture
def task(demo_workflows):
    tickets_receive(deliveries=[Delivery(hdts_ticket("T-1"))])
    return Task.objects.get(ticket_number="T-1")


def test_anonymous_callers_and_tokens_without_a_tts_role_are_refused(callers):
    assert callers["anonymous"].get("/snippets/").status_code == 401
    assert client_for(50).get("/snippets/").status_code == 403


def test_a_person_writes_a_snippet_and_lists_their_own_and_the_shared_ones(callers):
    created = callers["agent"].post("/snippets/", GREETING, format="json")
    callers["admin"].post("/snippets/", {**GREETING, "title": "Shared", "shortcut": "thanks", "is_shared": True}, format="json")
    callers["admin"].post("/snippets/", {**GREETING, "title": "Admin's own", "shortcut": "mine"}, format="json")

    assert created.status_code == 201, created.json()
    assert (created.json()["shortcut"], created.json()["is_owner"], created.json()["is_shared"]) == ("hello", True, False)
    listed = {
        caller: [s["title"] for s in callers[caller].get("/snippets/").json()["results"]] for caller in ("agent", "other_agent", "admin")
    }
    assert listed == {"agent": ["Greeting", "Shared"], "other_agent": ["Shared"], "admin": ["Admin's own", "Shared"]}
    assert [s["title"] for s in callers["agent"].get("/snippets/?search=/hel").json()["results"]] == ["Greeting"]


def test_only_administrators_share(callers):
    refused = callers["agent"].post("/snippets/", {**GREETING, "is_shared": True}, format="json")
    own = callers["agent"].post("/snippets/", GREETING, format="json").json()

    assert refused.status_code == 403 and "is_shared" in refused.json()["detail"]
    assert callers["agent"].patch(f"/snippets/{own['id']}/", {"is_shared": True}, format="json").status_code == 403
    assert not Snippet.objects.filter(is_shared=True).exists()


def test_only_the_writer_edits_or_deletes(callers):
    shared = callers["admin"].post("/snippets/", {**GREETING, "is_shared": True}, format="json").json()
    own = callers["agent"].post("/snippets/", GREETING, format="json").json()

    assert callers["agent"].patch(f"/snippets/{shared['id']}/", {"title": "Mine now"}, format="json").status_code == 403
    assert callers["agent"].delete(f"/snippets/{shared['id']}/").status_code == 403
    assert callers["other_agent"].delete(f"/snippets/{own['id']}/").status_code == 404
    edited = callers["agent"].patch(f"/snippets/{own['id']}/", {"body": "Thanks, {{requester_name}}."}, format="json")
    assert edited.status_code == 200 and edited.json()["body"] == "Thanks, {{requester_name}}."
    assert callers["agent"].delete(f"/snippets/{own['id']}/").status_code == 204
    assert list(Snippet.objects.values_list("title", flat=True)) == ["Greeting"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**GREETING, "body": "Hi {{first_name}}"}, "body"),
        ({**GREETING, "body": "Hi {{ ticket number }}"}, "body"),
        ({**GREETING, "body": "x" * 5001}, "body"),
        ({**GREETING, "body": "   "}, "body"),
        ({**GREETING, "shortcut": "two words"}, "shortcut"),
        ({**GREETING, "shortcut": "/"}, "shortcut"),
        ({**GREETING, "shortcut": "-dash"}, "shortcut"),
        ({**GREETING, "shortcut": "x" * 41}, "shortcut"),
        ({**GREETING, "title": ""}, "title"),
        ({**GREETING, "is_shared": "maybe"}, "is_shared"),
        ({"title": "t", "shortcut": "s"}, "body"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(callers, body, field):
    answer = callers["admin"].post("/snippets/", body, format="json")

    assert answer.status_code == 400, answer.json()
    assert field in answer.json()["errors"]
    assert not Snippet.objects.exists()


def test_an_unknown_placeholder_is_named_with_the_known_ones(callers):
    errors = callers["agent"].post("/snippets/", {**GREETING, "body": "{{ first_name }} {{ticket_number}}"}, format="json").json()["errors"]

    assert errors["body"][0].startswith("Unknown placeholder {{first_name}}. Choose from: {{ticket_number}}")


def test_a_shortcut_is_unique_per_writer_in_any_case(callers):
    assert callers["agent"].post("/snippets/", GREETING, format="json").status_code == 201
    clash = callers["agent"].post("/snippets/", {**GREETING, "shortcut": "HELLO"}, format="json")
    assert clash.status_code == 400 and "shortcut" in clash.json()["errors"]
    assert callers["other_agent"].post("/snippets/", GREETING, format="json").status_code == 201


def test_a_person_keeps_at_most_two_hundred(callers):
    Snippet.objects.bulk_create(Snippet(owner_user_id=10, title="t", shortcut=f"s{i}", body="b") for i in range(MAX_SNIPPETS_PER_OWNER))

    answer = callers["agent"].post("/snippets/", GREETING, format="json")

    assert answer.status_code == 400 and answer.json()["code"] == "limit_reached"


def test_rendering_fills_in_the_tasks_fields_as_plain_text(callers, task):
    body = "Dear {{requester_name}} <{{requester_email}}>, {{ticket_number}} ({{priority}}, {{category}}) is {{status}}."
    body += " — {{agent_first_name}}"
    snippet = callers["admin"].post("/snippets/", {**GREETING, "body": body, "is_shared": True}, format="json").json()
    coordinator = client_for(None)
    token = access_token_for(
        user_id=20, email="coordinator@example.com", roles=[{"system": "tts", "role": "Ticket Coordinator"}], full_name="Dana Cruz"
    )
    coordinator.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    answer = coordinator.get(f"/snippets/{snippet['id']}/render/?task={task.id}")

    assert answer.status_code == 200, answer.json()
    assert answer.json() == {
        "title": "Greeting",
        "body": "Dear Ada Lovelace <ada@example.com>, T-1 (High, IT Support) is in_progress. — Dana",
    }


def test_rendering_needs_a_task_the_caller_may_open(callers, task):
    snippet = callers["agent"].post("/snippets/", GREETING, format="json").json()

    assert callers["agent"].get(f"/snippets/{snippet['id']}/render/?task={task.id}").status_code == 404  # not theirs
    missing = callers["agent"].get(f"/snippets/{snippet['id']}/render/")
    assert missing.status_code == 400 and "task" in missing.json()["errors"]
    assert callers["agent"].get(f"/snippets/{snippet['id']}/render/?task=abc").json()["errors"]["task"]
    assert callers["agent"].get(f"/snippets/{snippet['id']}/render/?task={2**63}").json()["errors"]["task"]
    assert callers["agent"].get(f"/snippets/{2**70}/render/?task={task.id}").status_code == 404


def test_the_placeholders_are_listed(callers):
    names = [p["name"] for p in callers["agent"].get("/snippets/placeholders/").json()]

    assert {"ticket_number", "requester_first_name"} <= set(names)
