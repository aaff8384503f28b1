"""Notifications through the running suite: an assignment made by workflow_api reaches the assignee's
in-app list (which they mark read) and the email delivery log the administrator reads."""

import pytest

from tests.e2e.flows import ADMIN, eventually, sign_in
from tests.e2e.http import call

pytestmark = pytest.mark.integration

COORDINATOR = "coordinator@tts.local"


def replica_ready(suite, admin):
    roles = call("get", f"{suite.workflow}/roles/", token=admin).body["results"]
    return any(role["name"] == "Ticket Coordinator" and role["members"] for role in roles)


def test_an_assignment_reaches_the_assignees_inapp_list_and_the_email_log(suite):
    admin = sign_in(suite, *ADMIN)
    coordinator = sign_in(suite, COORDINATOR)
    eventually(lambda: replica_ready(suite, admin), what="auth's roles in workflow_api's replica")
    created = call(
        "post",
        f"{suite.ticket_mock}/api/tickets/",
        {
            "subject": "E2E: notify me",
            "description": "The assignee should hear about this.",
            "category": "IT Support",
            "sub_category": "Hardware",
            "department": "IT Department",
            "priority": "Medium",
            "employee": {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com", "company_id": "C-1", "department": "IT"},
        },
        token=admin,
    )
    assert created.status == 201, created.body
    number = created.body["ticket_number"]

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
