"""A task's moves reach its ticket's open consoles (``task_changed`` on messaging's ws/tickets/), after commit only."""

import pytest
from rest_framework.test import APIClient

from intake.services import Delivery, tickets_receive
from tasks.models import Task
from tests.factories import hdts_ticket
from tts_common.testing import access_token_for

pytestmark = pytest.mark.django_db

NUMBER = "T-LIVE-1"


@pytest.fixture
def pushed(monkeypatch):
    """The task.changed events workflow_api sent to the channel layer, as if Redis were configured."""
    sent = []
    monkeypatch.setattr("tts_common.live.live_enabled", lambda: True)
    monkeypatch.setattr("tts_common.live.push_task_changed", lambda event: sent.append(event) or True)
    return sent


@pytest.fixture
def task(demo_workflows):
    tickets_receive(deliveries=[Delivery(hdts_ticket(NUMBER))])
    return Task.objects.get(ticket_number=NUMBER)


def named_client(user_id: int, role: str, full_name: str) -> APIClient:
    client = APIClient()
    token = access_token_for(
        user_id=user_id, email=f"user{user_id}@example.com", full_name=full_name, roles=[{"system": "tts", "role": role}]
    )
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def take(client, task_id: int, name: str):
    available = {t["name"]: t["id"] for t in client.get(f"/tasks/{task_id}/").json()["available_transitions"]}
    return client.post(f"/tasks/{task_id}/transition/", {"transition_id": available[name], "notes": "checked"}, format="json")


def test_a_transition_is_pushed_once_after_commit_with_who_and_where_to(task, pushed, django_capture_on_commit_callbacks):
    dana = named_client(20, "Ticket Coordinator", "Dana Coordinator")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert take(dana, task.id, "approve").status_code == 200
        assert pushed == []  # nothing before the transaction commits
    for callback in callbacks:
        callback()

    assert pushed == [
        {
            "type": "task.changed",
            "task_id": task.id,
            "ticket_number": NUMBER,
            "action": "task.transitioned",
            "actor": {"user_id": 20, "name": "Dana Coordinator"},
            "status": "in_progress",
            "step": "Resolve",
            "transition": "approve",
        }
    ]


def test_a_transfer_is_pushed_naming_the_administrator(task, pushed, callers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert take(callers["coordinator"], task.id, "approve").status_code == 200  # now at Resolve, with one of the agents
    holder = Task.objects.get(pk=task.id).assignments.get(status="active").user_id
    pushed.clear()

    admin = named_client(1, "Admin", "Ada Admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/tasks/{task.id}/transfer/", {"user_id": 21 - holder, "notes": ""}, format="json")  # the other agent
    assert response.status_code == 200, response.content

    assert [(event["action"], event["actor"], event["step"]) for event in pushed] == [
        ("task.transferred", {"user_id": 1, "name": "Ada Admin"}, "Resolve")
    ]


def test_a_refused_move_pushes_nothing(task, pushed, callers, django_capture_on_commit_callbacks):
    coordinator = callers["coordinator"]
    approve = {t["name"]: t["id"] for t in coordinator.get(f"/tasks/{task.id}/").json()["available_transitions"]}["approve"]
    with django_capture_on_commit_callbacks(execute=True):
        assert coordinator.post(f"/tasks/{task.id}/transition/", {"transition_id": approve, "notes": "x"}, format="json").status_code == 200
    pushed.clear()

    with django_capture_on_commit_callbacks(execute=True):
        # the same move again, as a stale console would send it: the task has moved on
        stale = coordinator.post(f"/tasks/{task.id}/transition/", {"transition_id": approve, "notes": "x"}, format="json")
    assert stale.status_code == 409
    assert pushed == []


def test_without_a_shared_layer_nothing_is_queued_for_commit(task, callers, monkeypatch, settings, django_capture_on_commit_callbacks):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}  # no REDIS_URL
    sent = []
    monkeypatch.setattr("tts_common.live.push_task_changed", lambda event: sent.append(event) or True)
    with django_capture_on_commit_callbacks(execute=True):
        assert take(callers["coordinator"], task.id, "approve").status_code == 200
    assert sent == []
