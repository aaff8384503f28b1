"""Load through the running suite (started as `make run` starts it, on PostgreSQL): 50 signed-in clients for
60 s over the five services; no answer of 500 or more, the suite's PostgreSQL connections never above the
budget docs/operations.md states, and back to the single-threaded processes' baseline within 60 s after.

    .venv/bin/python -m pytest tests/e2e/test_load.py -m load -s     (figures printed with -s)

``TTS_LOAD_CLIENTS`` and ``TTS_LOAD_SECONDS`` change the load (50, 60).
"""

import itertools
import os
import re
import statistics
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import psycopg2
import pytest

from tests.e2e.conftest import ROOT, SUFFIX
from tests.e2e.flows import ADMIN, eventually, sign_in, task_of, ticket_body, ticket_post
from tests.e2e.http import call

pytestmark = [pytest.mark.integration, pytest.mark.load]

CLIENTS = int(os.environ.get("TTS_LOAD_CLIENTS") or 50)
SECONDS = float(os.environ.get("TTS_LOAD_SECONDS") or 60)
DRAIN_SECONDS = 60
AGENTS = ["agent1@tts.local", "agent2@tts.local", "agent3@tts.local", "coordinator@tts.local"]
OPERATIONS_DOC = ROOT / "docs" / "operations.md"
LOAD_EMPLOYEE = {"first_name": "Lo", "last_name": "Ad", "email": "load@example.com", "company_id": "C-1", "department": "IT"}


def documented_budget() -> tuple[int, int]:
    """(the whole suite's most PostgreSQL connections, the single-threaded processes' most) from docs/operations.md."""
    text = OPERATIONS_DOC.read_text()
    total = re.search(r"\| \*\*the whole suite\*\* \|.*\| \*\*(\d+)\*\* \|", text)
    baseline = re.search(r"single-threaded\s+processes\s+hold\s+at\s+most\s+\*\*(\d+)\*\*", text)
    assert total and baseline, "docs/operations.md states no connection budget"
    return int(total.group(1)), int(baseline.group(1))


@dataclass
class Tally:
    """What every client saw; one lock for all (the clients append a few hundred times a second)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    server_errors: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def record(self, what: str, started: float, status: int, body) -> None:
        with self.lock:
            self.latencies.append(time.monotonic() - started)
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status >= 500:
                self.server_errors.append(f"{status} {what}: {str(body)[:200]}")


class ConnectionSampler(threading.Thread):
    """Counts, every second, the PostgreSQL connections to the suite's databases (names ending in its suffix)."""

    def __init__(self, postgres_url: str, suffix: str):
        super().__init__(daemon=True)
        parts = urlsplit(postgres_url)
        self.connect_kwargs = {
            "host": parts.hostname,
            "port": parts.port or 5432,
            "user": parts.username or "postgres",
            "password": parts.password,
            "dbname": "postgres",
        }
        self.pattern = "%" + suffix.replace("_", r"\_")
        self.samples: list[tuple[float, int]] = []
        self.missed: list[str] = []  # seconds the server did not answer (someone restarting it)
        self.stopping = threading.Event()

    def run(self) -> None:
        connection = None
        while not self.stopping.wait(1):
            try:
                if connection is None:
                    connection = psycopg2.connect(**self.connect_kwargs)
                    connection.autocommit = True
                with connection.cursor() as cursor:
                    cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname LIKE %s", [self.pattern])
                    self.samples.append((time.monotonic(), cursor.fetchone()[0]))
            except psycopg2.Error as error:
                self.missed.append(str(error).strip())
                connection = None
        if connection is not None:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join()


def client_actions(suite, token: str, ticket_number: str, task_id: int, admin_token: str):
    """The endless round of one client: mostly lists and details, a write in every ten."""

    def new_ticket():
        body = ticket_body(f"Load {uuid.uuid4().hex[:8]}", "Posted by the load test.", priority="Low", employee=LOAD_EMPLOYEE)
        return "post ticket", call("post", f"{suite.ticket_mock}/api/tickets/", body, token=admin_token, timeout=30)

    def comment():
        body = {"ticket_id": ticket_number, "content": f"load {uuid.uuid4().hex[:8]}"}
        return "post comment", call("post", f"{suite.messaging}/api/v1/comments/", body, token=token, timeout=30)

    def get(what: str, url: str, as_admin: bool = False):
        return lambda: (what, call("get", url, token=admin_token if as_admin else token, timeout=30))

    round_ = [
        get("users/me", f"{suite.auth}/api/v1/users/me/"),
        get("tasks", f"{suite.workflow}/tasks/"),
        get("comments", f"{suite.messaging}/api/v1/comments/?ticket_id={ticket_number}"),
        get("notifications", f"{suite.notification}/api/v2/notifications/inapp/"),
        get("task detail", f"{suite.workflow}/tasks/{task_id}/", as_admin=True),
        get("unread count", f"{suite.notification}/api/v2/notifications/inapp/unread-count/"),
        get("tickets", f"{suite.ticket_mock}/api/tickets/", as_admin=True),
        comment,
        get("all tasks", f"{suite.workflow}/tasks/?status=pending", as_admin=True),
        new_ticket,
    ]
    return itertools.cycle(round_)


def run_client(actions, deadline: float, tally: Tally) -> None:
    while time.monotonic() < deadline:
        action = next(actions)
        started = time.monotonic()
        try:
            what, reply = action()
        except OSError as error:  # refused, reset or timed out: worse than a 500
            with tally.lock:
                tally.failures.append(f"{action}: {error!r}")
            continue
        tally.record(what, started, reply.status, reply.body)


def percentile(values: list[float], fraction: float) -> float:
    return statistics.quantiles(values, n=100)[round(fraction * 100) - 1] if len(values) > 1 else (values or [0])[0]


def test_fifty_clients_for_a_minute_get_no_server_error_within_the_connection_budget(suite):
    budget, baseline = documented_budget()
    admin = sign_in(suite, *ADMIN)
    tokens = [sign_in(suite, email) for email in AGENTS]
    number = ticket_post(
        suite, admin, "Load: the ticket everyone comments on", "Shared by the load test's clients.", employee=LOAD_EMPLOYEE
    )
    task = eventually(
        lambda: task_of(suite, admin, number),
        what="the shared ticket's task",
    )

    sampler = ConnectionSampler(suite.postgres_url, SUFFIX)
    sampler.start()
    tally = Tally()
    started = time.monotonic()
    deadline = started + SECONDS
    clients = [
        threading.Thread(
            target=run_client,
            args=(client_actions(suite, [admin, *tokens][index % (len(tokens) + 1)], number, task["id"], admin), deadline, tally),
            daemon=True,
        )
        for index in range(CLIENTS)
    ]
    for client in clients:
        client.start()
    for client in clients:
        client.join(timeout=SECONDS + 60)
    stopped = time.monotonic()
    load_peak = max((count for _, count in sampler.samples), default=0)

    drained_at = None
    while time.monotonic() < stopped + DRAIN_SECONDS:
        if sampler.samples and sampler.samples[-1][1] <= baseline and sampler.samples[-1][0] > stopped:
            drained_at = sampler.samples[-1][0]
            break
        time.sleep(1)
    sampler.stop()
    peak = max(count for _, count in sampler.samples)

    requests = len(tally.latencies)
    latencies = sorted(tally.latencies)
    print(
        f"\nload: {CLIENTS} clients for {stopped - started:.0f} s: {requests} requests ({requests / (stopped - started):.0f}/s), "
        f"p50 {percentile(latencies, 0.5) * 1000:.0f} ms, p99 {percentile(latencies, 0.99) * 1000:.0f} ms, "
        f"statuses {dict(sorted(tally.statuses.items()))}, failures {len(tally.failures)}; PostgreSQL connections: "
        f"peak {peak} under load {load_peak} (budget {budget}), "
        + (f"back to {sampler.samples[-1][1]} (baseline {baseline}) {drained_at - stopped:.0f} s after" if drained_at else "not drained")
    )
    assert not sampler.missed, f"PostgreSQL did not answer during the test (was it restarted?): {sampler.missed[:3]}"
    assert not any(client.is_alive() for client in clients), "a client is still waiting for an answer"
    assert requests > CLIENTS * SECONDS / 10, "the load never reached the suite"
    assert not tally.server_errors, f"{len(tally.server_errors)} answers of 500 or more, e.g. {tally.server_errors[:5]}"
    assert not tally.failures, f"{len(tally.failures)} requests got no answer, e.g. {tally.failures[:5]}"
    assert peak <= budget, f"{peak} PostgreSQL connections, the budget is {budget}"
    assert drained_at is not None, f"still {sampler.samples[-1][1]} connections {DRAIN_SECONDS} s after the load (baseline {baseline})"
