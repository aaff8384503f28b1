"""/metrics through the running suite (issue 16, item 1): every service answers in the Prometheus text format,
each domain metric is there and moves when a ticket goes through, and a caller who is not allowed is refused."""

import json
import urllib.error
import urllib.request
from email.message import Message

import pytest
from prometheus_client.parser import text_string_to_metric_families
from websockets.sync.client import connect

from tests.e2e.flows import ADMIN, eventually, sign_in, task_of, ticket_body, ticket_post
from tests.e2e.http import call

pytestmark = pytest.mark.integration

# What every service reports: requests by view, method and status with latency, database queries, its outbox.
# (prometheus_client's parser names a counter's family without its _total.)
EVERY_SERVICE = {
    "django_http_requests_latency_seconds_by_view_method",
    "django_http_responses_total_by_status_view_method",
    "django_db_execute",
    "django_db_query_duration_seconds",
    "tts_outbox_oldest_unpublished_age_seconds",
    "tts_outbox_rows",
    "tts_metrics_collector_up",
}
# There from the start (no labels, or known labels that start at 0).
FROM_THE_START = {
    "workflow_api": {
        "tts_tickets_received",
        "tts_intake_failures",
        "tts_tasks_created",
        "tts_tickets_unmatched",
        "tts_tasks_assigned",
        "tts_task_escalations",
        "tts_sla_warnings",
        "tts_sla_breaches",
        "tts_tasks",
    },
    "notification": {"tts_notifications_sent", "tts_notifications_failed", "tts_notifications_pending"},
    "messaging": {"tts_websocket_connections", "tts_websocket_connections_accepted"},
}
# Labelled by what happened (a transition's name, an action, a task's name): there once it has happened.
ONCE_MOVED = {"tts_task_transitions", "tts_audit_events", "tts_celery_tasks", "tts_celery_task_runtime_seconds"}
# A client that is not on loopback, as the suite's loopback peer (a trusted proxy) forwards it.
OUTSIDER = "203.0.113.9"


def scrape(url: str, *, token: str | None = None, forwarded_for: str | None = None) -> tuple[int, str, Message]:
    """``GET /metrics``: status, body and headers (looked up in any case)."""
    request = urllib.request.Request(f"{url}/metrics")  # noqa: S310 (the suite's loopback URLs)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if forwarded_for:
        request.add_header("X-Forwarded-For", forwarded_for)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers


def samples(url: str) -> dict[tuple[str, tuple], float]:
    """Every sample of ``url``'s /metrics, parsed by prometheus_client: {(name, sorted labels): value}."""
    status, text, _ = scrape(url)
    assert status == 200, text
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def families(url: str) -> set[str]:
    status, text, headers = scrape(url)
    assert status == 200, text
    assert headers.get("Content-Type", "").startswith("text/plain; version=")  # the text exposition format
    return {family.name for family in text_string_to_metric_families(text)}


def value(found: dict, name: str, **labels) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def total(found: dict, name: str, **labels) -> float:
    """The sum over every sample of ``name`` whose labels include ``labels``."""
    return sum(v for (n, ls), v in found.items() if n == name and set(labels.items()) <= set(ls))


@pytest.fixture(scope="module")
def admin(suite):
    return sign_in(suite, *ADMIN)


@pytest.mark.parametrize("service", ["auth", "workflow_api", "ticket_mock", "notification", "messaging"])
def test_every_service_serves_its_metrics_in_the_prometheus_text_format(suite, service):
    url = suite.services[service]
    call("get", f"{url}/health/")  # at least one request has been counted

    found = families(url)

    expected = EVERY_SERVICE | FROM_THE_START.get(service, set())
    assert expected <= found, sorted(expected - found)
    health = samples(url)
    assert total(health, "django_http_responses_total_by_status_view_method_total", view="health", method="GET", status="200") >= 1
    assert total(health, "django_db_execute_total") >= 1
    assert value(health, "tts_metrics_collector_up", collector="outbox") == 1


def test_the_domain_metrics_move_when_tickets_go_through(suite, admin):
    workflow, notification = suite.workflow, suite.notification
    before, sent_before = samples(workflow), samples(notification)

    number = ticket_post(suite, admin, "E2E: metrics move", "Counted end to end.", priority="Low")
    task = eventually(lambda: (t := task_of(suite, admin, number)) and t["status"] == "in_progress" and t, what="the task")
    unmatched = call(
        "post",
        f"{suite.ticket_mock}/api/tickets/",
        {**ticket_body("E2E: nobody's", "No workflow."), "category": "Metrics Nowhere"},
        token=admin,
    )
    assert unmatched.status == 201, unmatched.body
    eventually(lambda: task_of(suite, admin, unmatched.body["ticket_number"]), what="the unmatched task")
    holder = call("get", f"{workflow}/tasks/{task['id']}/", token=admin).body["assignee"]["user_id"]
    email = next(
        u["email"] for u in call("get", f"{suite.auth}/api/v1/users/?page_size=100", token=admin).body["results"] if u["id"] == holder
    )
    token = sign_in(suite, email)
    options = {t["name"]: t["id"] for t in call("get", f"{workflow}/tasks/{task['id']}/", token=token).body["available_transitions"]}
    moved = call("post", f"{workflow}/tasks/{task['id']}/transition/", {"transition_id": options["approve"], "notes": "ok"}, token=token)
    assert moved.status == 200, moved.body

    still: list[str] = []

    def moved_on() -> dict | None:
        after = samples(workflow)
        grew = {
            "tts_tickets_received_total{outcome=created} +2": value(after, "tts_tickets_received_total", outcome="created")
            >= value(before, "tts_tickets_received_total", outcome="created") + 2,
            "tts_tasks_created_total +2": total(after, "tts_tasks_created_total") >= total(before, "tts_tasks_created_total") + 2,
            "tts_tickets_unmatched_total +1": value(after, "tts_tickets_unmatched_total")
            >= value(before, "tts_tickets_unmatched_total") + 1,
            "tts_tasks_assigned_total +2": value(after, "tts_tasks_assigned_total") >= value(before, "tts_tasks_assigned_total") + 2,
            "tts_task_transitions_total{transition=approve} +1": value(after, "tts_task_transitions_total", transition="approve")
            >= value(before, "tts_task_transitions_total", transition="approve") + 1,
            "tts_audit_events_total{action=task.created} +2": value(after, "tts_audit_events_total", action="task.created")
            >= value(before, "tts_audit_events_total", action="task.created") + 2,
            "tts_celery_tasks_total{receive_ticket, succeeded}": total(
                after, "tts_celery_tasks_total", task="tickets.tasks.receive_ticket", state="succeeded"
            )
            > total(before, "tts_celery_tasks_total", task="tickets.tasks.receive_ticket", state="succeeded"),
            "tts_celery_task_runtime_seconds_count{receive_ticket}": total(
                after, "tts_celery_task_runtime_seconds_count", task="tickets.tasks.receive_ticket"
            )
            > total(before, "tts_celery_task_runtime_seconds_count", task="tickets.tasks.receive_ticket"),
            "tts_tasks{status=unmatched} >= 1": value(after, "tts_tasks", status="unmatched") >= 1,
        }
        still[:] = [name for name, moved in grew.items() if not moved]
        return after if not still else None

    try:
        eventually(moved_on, timeout=120, what="every workflow_api domain metric to move")
    except AssertionError as timed_out:
        raise AssertionError(f"{timed_out}; these did not: {still}") from None
    assert ONCE_MOVED | FROM_THE_START["workflow_api"] <= families(workflow)
    eventually(
        lambda: total(samples(notification), "tts_notifications_sent_total") > total(sent_before, "tts_notifications_sent_total"),
        what="notifications sent to grow",
    )


def test_open_websockets_are_counted_while_they_are_open(suite, admin):
    number = ticket_post(suite, admin, "E2E: sockets counted", "A socket is open.")
    eventually(lambda: task_of(suite, admin, number), what="the task")
    before = value(samples(suite.messaging), "tts_websocket_connections", route="comments")
    url = f"{suite.messaging.replace('http://', 'ws://')}/ws/comments/{number}/?token={admin}"

    with connect(url, origin="http://localhost:5173", open_timeout=10) as socket:
        assert json.loads(socket.recv(timeout=10))["type"] == "connection_established"
        while_open = value(samples(suite.messaging), "tts_websocket_connections", route="comments")
        assert while_open >= max(before, 0) + 1

    eventually(
        lambda: value(samples(suite.messaging), "tts_websocket_connections", route="comments") <= while_open - 1,
        what="the socket to be uncounted",
    )


@pytest.mark.parametrize("service", ["auth", "workflow_api", "messaging"])
def test_a_caller_who_is_not_allowed_is_refused(suite, admin, service):
    url = suite.services[service]
    agent = sign_in(suite, "agent1@tts.local")

    anonymous = scrape(url, forwarded_for=OUTSIDER)
    not_admin = scrape(url, token=agent, forwarded_for=OUTSIDER)
    administrator = scrape(url, token=admin, forwarded_for=OUTSIDER)

    assert anonymous[0] == 401 and json.loads(anonymous[1])["status"] == 401
    assert anonymous[2].get("Content-Type") == "application/problem+json"
    assert not_admin[0] == 403 and "administrators" in json.loads(not_admin[1])["detail"]
    assert administrator[0] == 200 and "tts_outbox_rows" in administrator[1]
