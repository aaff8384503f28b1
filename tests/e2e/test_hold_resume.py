"""Hold and resume through the running suite (issue 13, item 2): the SLA clock stops, the targets move by the time
held, and the help desk (ticket_mock) hears On Hold, then In Progress."""

import time
from datetime import datetime

import pytest

from tests.e2e.flows import ADMIN, eventually, sign_in, task_of, ticket_post
from tests.e2e.http import call

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def admin(suite):
    return sign_in(suite, *ADMIN)


def help_desk_status(suite, admin, number) -> str:
    return call("get", f"{suite.ticket_mock}/api/tickets/{number}/", token=admin).body["status"]


def test_a_held_task_is_resumed_with_its_targets_moved_and_the_help_desk_told(suite, admin):
    number = ticket_post(suite, admin, "E2E: waiting on the requester", "Needs the serial number.", priority="Low")
    task = eventually(lambda: (t := task_of(suite, admin, number)) and t["status"] == "in_progress" and t, what="the task")
    eventually(lambda: help_desk_status(suite, admin, number) == "In Progress", what="In Progress at the help desk")
    url = f"{suite.workflow}/tasks/{task['id']}"

    held = call("post", f"{url}/hold/", {"reason": "Waiting for the serial number"}, token=admin)
    assert held.status == 200, held.body
    assert (held.body["status"], held.body["hold_reason"]) == ("on_hold", "Waiting for the serial number")
    assert eventually(lambda: help_desk_status(suite, admin, number) == "On Hold", what="On Hold at the help desk")
    listed = call("get", f"{suite.workflow}/tasks/?status=on_hold&ticket_number={number}", token=admin).body
    assert [t["ticket_number"] for t in listed["results"]] == [number]
    assert call("post", f"{url}/hold/", {"reason": "again"}, token=admin).status == 409
    time.sleep(2)  # the demo workflow runs around the clock: the targets move by the time held

    resumed = call("post", f"{url}/resume/", token=admin)

    assert resumed.status == 200, resumed.body
    assert resumed.body["status"] == "in_progress" and resumed.body["held_at"] is None
    before, after = (datetime.fromisoformat(body["target_resolution"]) for body in (held.body, resumed.body))
    held_for = datetime.fromisoformat(resumed.body["history"][-1]["created_at"]) - datetime.fromisoformat(held.body["held_at"])
    assert (after - before).total_seconds() >= 2
    assert abs((after - before) - held_for).total_seconds() < 1
    assignee_before, assignee_after = (datetime.fromisoformat(body["assignee"]["target_resolution"]) for body in (held.body, resumed.body))
    assert assignee_after - assignee_before == after - before
    assert eventually(lambda: help_desk_status(suite, admin, number) == "In Progress", what="In Progress again at the help desk")
    actions = [event["action"] for event in resumed.body["history"]]
    assert actions[-2:] == ["task.held", "task.resumed"]
    assert call("post", f"{url}/resume/", token=admin).status == 409
