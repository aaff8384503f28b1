"""/saved-views/: per person, validated filters and sort, live counts as each person sees them, sharing by role."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake.services import Delivery, tickets_receive
from savedviews.models import SavedView
from savedviews.services import MAX_VIEWS_PER_OWNER
from tests.factories import ROLE_IDS, client_for, hdts_ticket
from workflows.models import Workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def tickets(demo_workflows):
    """Three tickets at Triage, held by the coordinator: two High, one Low."""
    tickets_receive(
        deliveries=[
            Delivery(hdts_ticket("T-1", priority="High")),
            Delivery(hdts_ticket("T-2", priority="High")),
            Delivery(hdts_ticket("T-3", priority="Low")),
        ]
    )


def save(client, **body):
    return client.post("/saved-views/", {"name": "High ones", "filters": {"priority": "High"}, **body}, format="json")


def test_anonymous_callers_and_tokens_without_a_tts_role_are_refused(callers):
    assert callers["anonymous"].get("/saved-views/").status_code == 401
    assert client_for(50).get("/saved-views/").status_code == 403
    assert client_for(50).post("/saved-views/", {"name": "x"}, format="json").status_code == 403


def test_a_person_saves_a_view_and_lists_it_with_its_live_count(callers, tickets):
    coordinator = callers["coordinator"]

    created = save(coordinator, ordering="-received_at, id")

    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["name"], body["filters"], body["ordering"], body["count"]) == ("High ones", {"priority": "High"}, "-received_at,id", 2)
    assert (body["is_owner"], body["owner_user_id"], body["shared_with_role"]) == (True, 20, None)
    listed = coordinator.get("/saved-views/").json()
    assert listed["count"] == 1 and listed["results"][0]["count"] == 2
    tickets_receive(deliveries=[Delivery(hdts_ticket("T-4", priority="High"))])
    assert coordinator.get(f"/saved-views/{body['id']}/").json()["count"] == 3


def test_the_count_is_what_each_person_sees(callers, tickets):
    admin = callers["admin"]
    view = save(admin, filters={"priority": "High", "mine": "true"}, shared_with_role=ROLE_IDS["Ticket Coordinator"]).json()

    assert view["count"] == 0  # the administrator holds none of them
    seen_by_coordinator = callers["coordinator"].get("/saved-views/").json()["results"]
    assert [(v["id"], v["count"], v["is_owner"]) for v in seen_by_coordinator] == [(view["id"], 2, False)]
    assert seen_by_coordinator[0]["shared_with_role"] == {"role_id": ROLE_IDS["Ticket Coordinator"], "name": "Ticket Coordinator"}


def test_people_see_their_own_views_and_those_shared_with_their_role_only(callers, tickets):
    save(callers["agent"], name="Agent's own")
    save(callers["admin"], name="For agents", shared_with_role=ROLE_IDS["Agent"])
    save(callers["admin"], name="Admin's own")

    names = {
        caller: [v["name"] for v in callers[caller].get("/saved-views/").json()["results"]] for caller in callers if caller != "anonymous"
    }

    assert names == {
        "agent": ["Agent's own", "For agents"],
        "other_agent": ["For agents"],
        "coordinator": [],
        "admin": ["Admin's own", "For agents"],
    }


def test_only_the_owner_edits_or_deletes(callers, tickets):
    shared = save(callers["admin"], shared_with_role=ROLE_IDS["Agent"]).json()
    own = save(callers["agent"], name="Mine").json()
    agent, other = callers["agent"], callers["other_agent"]

    assert agent.patch(f"/saved-views/{shared['id']}/", {"name": "Taken over"}, format="json").status_code == 403
    assert agent.delete(f"/saved-views/{shared['id']}/").status_code == 403
    assert other.patch(f"/saved-views/{own['id']}/", {"name": "x"}, format="json").status_code == 404  # not even listed to them
    assert other.delete(f"/saved-views/{own['id']}/").status_code == 404
    renamed = agent.patch(f"/saved-views/{own['id']}/", {"name": "Renamed", "filters": {"status": "completed"}}, format="json")
    assert renamed.status_code == 200 and (renamed.json()["name"], renamed.json()["filters"]) == ("Renamed", {"status": "completed"})
    assert agent.delete(f"/saved-views/{own['id']}/").status_code == 204
    assert SavedView.objects.filter(name="High ones").exists() and not SavedView.objects.filter(owner_user_id=10).exists()


def test_only_administrators_share_and_only_with_a_role_of_the_replica(callers, replica):
    refused = save(callers["agent"], shared_with_role=ROLE_IDS["Agent"])
    assert refused.status_code == 403 and "shared_with_role" in refused.json()["detail"]
    unknown = save(callers["admin"], shared_with_role=999)
    assert unknown.status_code == 400 and "shared_with_role" in unknown.json()["errors"]
    own = save(callers["agent"]).json()
    assert callers["agent"].patch(f"/saved-views/{own['id']}/", {"shared_with_role": ROLE_IDS["Agent"]}, format="json").status_code == 403
    assert SavedView.objects.get().shared_with_role is None


@pytest.mark.parametrize(
    ("body", "field", "key"),
    [
        ({"filters": {"colour": "red"}}, "filters", "colour"),
        ({"filters": {"status": "exploded"}}, "filters", "status"),
        ({"filters": {"priority": "Urgentest"}}, "filters", "priority"),
        ({"filters": {"mine": "perhaps"}}, "filters", "mine"),
        ({"filters": {"workflow": "abc"}}, "filters", "workflow"),
        ({"filters": {"status": ["pending"]}}, "filters", "status"),
        ({"filters": {"ordering": "id"}}, "filters", "ordering"),
        ({"filters": ["status"]}, "filters", None),
        ({"ordering": "colour"}, "ordering", None),
        ({"ordering": "id,,-id"}, "ordering", None),
        ({"name": ""}, "name", None),
        ({"name": "x" * 81}, "name", None),
        ({"shared_with_role": "Agent"}, "shared_with_role", None),
        ({"shared_with_role": 2**63}, "shared_with_role", None),
        ({"filters": {"workflow": str(2**70)}}, "filters", "workflow"),
        ({"filters": {"search": "a\x00b"}}, "filters", "search"),
        ({"name": "a\x00b"}, "name", None),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_the_key(callers, replica, body, field, key):
    answer = save(callers["admin"], **body)

    assert answer.status_code == 400, answer.json()
    errors = answer.json()["errors"]
    if key is None:
        assert field in errors
    else:  # {"filters": {"status": [...]}}, or as the body check names a NUL character: {"filters.search": [...]}
        assert key in errors.get(field, {}) or f"{field}.{key}" in errors
    assert not SavedView.objects.exists()


def test_booleans_and_numbers_are_kept_as_the_query_string_carries_them_and_blanks_left_out(callers, replica):
    body = save(callers["agent"], filters={"mine": True, "breached": False, "search": "", "ticket_number": "T-1"}).json()

    assert body["filters"] == {"mine": "true", "breached": "false", "ticket_number": "T-1"}


def test_a_name_is_unique_per_owner_in_any_case(callers, replica):
    assert save(callers["agent"]).status_code == 201
    again = save(callers["agent"], name="HIGH ONES")
    assert again.status_code == 400 and "name" in again.json()["errors"]
    assert save(callers["other_agent"]).status_code == 201  # another person's names are theirs
    second = save(callers["agent"], name="Second").json()
    clash = callers["agent"].patch(f"/saved-views/{second['id']}/", {"name": "high ones"}, format="json")
    assert clash.status_code == 400 and "name" in clash.json()["errors"]


def test_a_person_keeps_at_most_fifty_views(callers, replica):
    SavedView.objects.bulk_create(SavedView(owner_user_id=10, name=f"v{i}") for i in range(MAX_VIEWS_PER_OWNER))

    answer = save(callers["agent"])

    assert answer.status_code == 400 and answer.json()["code"] == "limit_reached"
    assert SavedView.objects.filter(owner_user_id=10).count() == MAX_VIEWS_PER_OWNER


def test_a_view_whose_filters_no_longer_validate_counts_null(callers, demo_workflows):
    view = save(callers["admin"], filters={"workflow": str(Workflow.objects.first().pk)}).json()
    SavedView.objects.filter(pk=view["id"]).update(filters={"workflow": "999999"})

    assert callers["admin"].get(f"/saved-views/{view['id']}/").json()["count"] is None


def test_listing_costs_one_count_query_per_view(callers, tickets):
    agent = callers["coordinator"]
    for i in range(3):
        save(agent, name=f"v{i}", filters={"priority": "High", "mine": "true", "breached": "false"})

    with CaptureQueriesContext(connection) as three:
        agent.get("/saved-views/")
    for i in range(3, 6):
        save(agent, name=f"v{i}", filters={"status": "pending"})
    with CaptureQueriesContext(connection) as six:
        agent.get("/saved-views/")

    assert len(six) - len(three) == 3
