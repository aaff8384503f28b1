"""Auth through the running suite: sign in, manage roles, see the sync on RabbitMQ, sign out."""

import pytest

from tests.e2e.flows import ADMIN, eventually, token_pair
from tests.e2e.http import call

pytestmark = pytest.mark.integration


def test_swagger_and_health_are_served(suite):
    assert call("get", f"{suite.auth}/health/").body["checks"] == {"database": "ok", "broker": "ok", "outbox": "ok"}
    assert call("get", f"{suite.auth}/api/schema/").status == 200


def test_the_bootstrap_administrator_manages_roles_and_workflow_api_is_told(suite):
    pair = token_pair(suite, *ADMIN)
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

    # auth's outbox -> RabbitMQ -> workflow_api's worker -> its role replica
    def replica_has_reviewer():
        roles = call("get", f"{suite.workflow}/roles/?name=E2E%20Reviewer", token=token).body["results"]
        return roles and roles[0]["members"] and roles[0]

    replica = eventually(replica_has_reviewer, what="the new role and member in workflow_api's replica")
    assert replica["role_id"] == role.body["id"]
    assert [(m["user_id"], m["user_email"], m["user_full_name"]) for m in replica["members"]] == [
        (person.body["id"], "e2e.reviewer@example.com", "Eve Reviewer")
    ]

    reviewer = token_pair(suite, "e2e.reviewer@example.com", "Reviewer-pass-42")
    assert reviewer.status == 200
    assert call("post", f"{suite.auth}/logout/", {"refresh": reviewer.body["refresh"]}).status == 205
    assert call("post", f"{suite.auth}/token/refresh/", {"refresh": reviewer.body["refresh"]}).status == 401
