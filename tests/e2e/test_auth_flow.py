"""Auth through the running suite: sign in, manage roles, see the sync on RabbitMQ, sign out."""

import pytest
from celery import Celery

from tests.e2e.http import call
from tts_common.routing import ROLE_SYNC_QUEUE, USER_SYSTEM_ROLE_SYNC_QUEUE
from tts_common.testing import drain_task_messages

pytestmark = pytest.mark.integration

ADMIN = {"email": "admin@tts.local", "password": "TtsAdmin!2025"}


@pytest.fixture(scope="module")
def broker(suite):
    return Celery("e2e-observer", broker=suite.broker_url, set_as_current=False)


def test_swagger_and_health_are_served(suite):
    assert call("get", f"{suite.auth}/health/").body["checks"] == {"database": "ok", "broker": "ok"}
    assert call("get", f"{suite.auth}/api/schema/").status == 200


def test_the_bootstrap_administrator_manages_roles_and_workflow_api_is_told(suite, broker):
    pair = call("post", f"{suite.auth}/token/", ADMIN)
    assert pair.status == 200
    token = pair.body["access"]
    me = call("get", f"{suite.auth}/api/v1/users/me/", token=token)
    assert me.body["roles"] == [{"system": "tts", "role": "Admin"}]

    role = call("post", f"{suite.auth}/api/v1/roles/", {"name": "E2E Reviewer", "system": "tts"}, token=token)
    person = call(
        "post",
        f"{suite.auth}/api/v1/users/",
        {"email": "e2e.reviewer@example.com", "first_name": "Eve", "last_name": "Reviewer", "password": "Reviewer-pass-42"},
        token=token,
    )
    assignment = call(
        "post", f"{suite.auth}/api/v1/user-system-roles/", {"user": person.body["id"], "system": "tts", "role": "E2E Reviewer"}, token=token
    )
    assert (role.status, person.status, assignment.status) == (201, 201, 201)

    roles = drain_task_messages(
        broker, ROLE_SYNC_QUEUE, timeout=10, until=lambda found: any(m["args"][0].get("name") == "E2E Reviewer" for m in found)
    )
    assert {"role_id": role.body["id"], "name": "E2E Reviewer", "system": "tts", "description": "", "action": "create"} in [
        m["args"][0] for m in roles
    ]
    grants = drain_task_messages(
        broker,
        USER_SYSTEM_ROLE_SYNC_QUEUE,
        timeout=10,
        until=lambda found: any(m["args"][0].get("user_email") == "e2e.reviewer@example.com" for m in found),
    )
    [grant] = [m["args"][0] for m in grants if m["args"][0].get("user_email") == "e2e.reviewer@example.com"]
    assert grant["role_name"] == "E2E Reviewer" and grant["user_full_name"] == "Eve Reviewer" and grant["action"] == "create"

    reviewer = call("post", f"{suite.auth}/token/", {"email": "e2e.reviewer@example.com", "password": "Reviewer-pass-42"})
    assert reviewer.status == 200
    assert call("post", f"{suite.auth}/logout/", {"refresh": reviewer.body["refresh"]}).status == 205
    assert call("post", f"{suite.auth}/token/refresh/", {"refresh": reviewer.body["refresh"]}).status == 401
