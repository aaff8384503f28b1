"""The work a person leaves, through the running suite: an agent deactivated at auth while holding a task.

auth's outbox restates the agent's TTS membership as inactive over RabbitMQ; workflow_api's worker
applies it and hands the task to another Agent by the step's rule, with a ``task.reassigned`` audit
entry, and the new assignee's in-app notification arrives through the notification worker.
"""

import pytest

from tests.e2e.flows import ADMIN, DEMO_PASSWORD, eventually, sign_in, task_of, ticket_post
from tests.e2e.http import call

pytestmark = pytest.mark.integration

LEAVER = {"email": "e2e.leaver@example.com", "first_name": "Lee", "last_name": "Leaver", "password": "Leaver-pass-42"}


def holder(suite, admin, task_id):
    return call("get", f"{suite.workflow}/tasks/{task_id}/", token=admin).body["assignee"]


def test_an_agent_deactivated_while_holding_a_task_leaves_it_to_another_agent(suite):
    admin = sign_in(suite, *ADMIN)
    person = call("post", f"{suite.auth}/api/v1/users/", LEAVER, token=admin)
    assert person.status == 201, person.body
    leaver_id = person.body["id"]
    role = call("post", f"{suite.auth}/api/v1/user-system-roles/", {"user": leaver_id, "system": "tts", "role": "Agent"}, token=admin)
    assert role.status == 201, role.body

    def agents():
        roles = call("get", f"{suite.workflow}/roles/?name=Agent", token=admin).body["results"]
        return {member["user_id"] for member in roles[0]["members"]} if roles else set()

    eventually(lambda: leaver_id in agents() and len(agents()) >= 2, what="the new agent in workflow_api's replica")

    number = ticket_post(suite, admin, "E2E: the work a person leaves", "Printer jams on every page.")
    task = eventually(
        lambda: (found := task_of(suite, admin, number)) and found["status"] == "in_progress" and found,
        what="the task at Triage",
    )
    coordinator = sign_in(suite, holder(suite, admin, task["id"])["user_email"])
    options = {
        t["name"]: t["id"] for t in call("get", f"{suite.workflow}/tasks/{task['id']}/", token=coordinator).body["available_transitions"]
    }
    moved = call("post", f"{suite.workflow}/tasks/{task['id']}/transition/", {"transition_id": options["approve"]}, token=coordinator)
    assert moved.status == 200, moved.body
    if holder(suite, admin, task["id"])["user_id"] != leaver_id:
        handed = call("post", f"{suite.workflow}/tasks/{task['id']}/transfer/", {"user_id": leaver_id, "notes": "yours"}, token=admin)
        assert handed.status == 200, handed.body
    assert holder(suite, admin, task["id"])["user_id"] == leaver_id

    assert call("patch", f"{suite.auth}/api/v1/users/{leaver_id}/", {"is_active": False}, token=admin).status == 200

    successor = eventually(
        lambda: (now := holder(suite, admin, task["id"])) and now["user_id"] != leaver_id and now, what="the task with another agent"
    )
    detail = call("get", f"{suite.workflow}/tasks/{task['id']}/", token=admin).body
    assert detail["status"] == "in_progress" and detail["current_step"]["role"] == "Agent"
    [left] = [a for a in detail["assignments"] if a["user_id"] == leaver_id]
    assert left["status"] == "transferred" and "deactivated" in left["notes"]
    [event] = [e for e in detail["history"] if e["action"] == "task.reassigned"]
    assert event["after"]["reason"] == "assignee_deactivated"
    assert (event["after"]["from_user_id"], event["after"]["to_user_id"]) == (leaver_id, successor["user_id"])

    successor_token = sign_in(suite, successor["user_email"], DEMO_PASSWORD)

    def transfer_notice():
        page = call("get", f"{suite.notification}/api/v2/notifications/inapp/?related_ticket_number={number}", token=successor_token).body
        return [n for n in page["results"] if n["related_task_id"] == task["id"] and n["notification_type"] == "task_transfer"]

    [notice] = eventually(transfer_notice, what="the new assignee's in-app notification")
    assert number in notice["subject"]
