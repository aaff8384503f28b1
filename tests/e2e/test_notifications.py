"""Notifications through the running suite: an assignment made by workflow_api reaches the assignee's
in-app list (which they mark read) and the email delivery log the administrator reads; a service's
mail queued with the API key is delivered and logged."""

import json
import urllib.error
import urllib.request
import uuid

import pytest

from tests.e2e.flows import ADMIN, eventually, sign_in, ticket_post
from tests.e2e.http import Reply, call

pytestmark = pytest.mark.integration

COORDINATOR = "coordinator@tts.local"


def replica_ready(suite, admin):
    roles = call("get", f"{suite.workflow}/roles/", token=admin).body["results"]
    return any(role["name"] == "Ticket Coordinator" and role["members"] for role in roles)


def test_an_assignment_reaches_the_assignees_inapp_list_and_the_email_log(suite):
    admin = sign_in(suite, *ADMIN)
    coordinator = sign_in(suite, COORDINATOR)
    eventually(lambda: replica_ready(suite, admin), what="auth's roles in workflow_api's replica")
    number = ticket_post(suite, admin, "E2E: notify me", "The assignee should hear about this.")

    def assignment_notification():
        page = call("get", f"{suite.notification}/api/v2/notifications/inapp/?related_ticket_number={number}", token=coordinator).body
        return next((item for item in page["results"] if item["notification_type"] == "task_assignment"), None)

    notification = eventually(assignment_notification, what="the task_assignment notification in the coordinator's list")
    assert notification["subject"] == f"New task assigned: {number}" and notification["is_read"] is False
    unread_url = f"{suite.notification}/api/v2/notifications/inapp/?is_read=false&related_ticket_number={number}"
    assert notification["id"] in [item["id"] for item in call("get", unread_url, token=coordinator).body["results"]]

    marked = call("patch", f"{suite.notification}/api/v2/notifications/inapp/{notification['id']}/", {"is_read": True}, token=coordinator)
    assert marked.status == 200 and marked.body["is_read"] is True
    # (the unread count itself may move meanwhile: other tickets keep arriving for the coordinator)
    assert call("get", f"{suite.notification}/api/v2/notifications/inapp/unread-count/", token=coordinator).body["unread"] >= 0
    assert notification["id"] not in [item["id"] for item in call("get", unread_url, token=coordinator).body["results"]]
    someone_else = sign_in(suite, "agent1@tts.local")
    url = f"{suite.notification}/api/v2/notifications/inapp/{notification['id']}/"
    assert call("patch", url, {"is_read": False}, token=someone_else).status == 404

    def mail_logged():
        rows = call(
            "get", f"{suite.notification}/api/v1/notifications/history/?channel=email&recipient={COORDINATOR}&page_size=200", token=admin
        ).body["results"]
        return next((row for row in rows if row["subject"] == f"New task assigned: {number}" and row["status"] == "sent"), None)

    delivery = eventually(mail_logged, what="the assignment mail in the delivery history")
    assert delivery["notification_type"] == "task_assignment" and delivery["attempts"] == 1
    assert call("get", f"{suite.notification}/api/v1/notifications/history/", token=coordinator).status == 403


def test_a_service_sends_mail_with_its_api_key_and_it_shows_in_the_history(suite):
    admin = sign_in(suite, *ADMIN)
    address = f"e2e-{uuid.uuid4().hex[:8]}@example.com"
    body = {"user_email": address, "notification_type": "system", "context": {"message": "Maintenance tonight."}}

    assert call_with_key("not-a-key", f"{suite.notification}/api/v1/notifications/send/", body).status == 403
    queued = call_with_key("dev-notification-key", f"{suite.notification}/api/v1/notifications/send/", body)
    assert queued.status == 202, queued.body

    def delivered():
        rows = call("get", f"{suite.notification}/api/v1/notifications/history/?recipient={address}", token=admin).body["results"]
        return rows and rows[0]["status"] == "sent" and rows[0]

    delivery = eventually(delivered, what="the queued mail in the delivery history")
    assert (delivery["message_id"], delivery["notification_type"]) == (queued.body["message_id"], "system")


def call_with_key(key: str, url: str, body: dict):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")  # noqa: S310 (loopback URLs only)
    request.add_header("Content-Type", "application/json")
    request.add_header("X-API-Key", key)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return Reply(response.status, json.loads(response.read()), dict(response.headers))
    except urllib.error.HTTPError as error:
        return Reply(error.code, json.loads(error.read() or b"null"), dict(error.headers))
