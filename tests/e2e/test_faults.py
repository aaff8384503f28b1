"""The fault script's CI variant (``bench/faults.py --short``) through the running suite, and its count.

300 tickets while the workflow worker is SIGKILLed twice, RabbitMQ is
restarted once, PostgreSQL is stopped for 15 s and workflow_api's outbox relay
is SIGKILLed: every ticket is exactly one task or one intake failure, every
assignment and status message arrives exactly once, every ``/health/`` answers
503 within 5 s while a server is stopped and 200 at the end, and every process
runs again, with no hand restart.

The count is shown to fail: a ticket lost, or a message recorded twice, is
named. Both tests are marked ``disruptive`` and run after every other test of
the session: the first spoils a few of the suite's rows on purpose, the fault
run stops this machine's PostgreSQL and RabbitMQ (and always starts them again).
"""

import subprocess
import sys
from contextlib import closing

import psycopg2
import pytest

from bench.exactly_once import baseline_take, tally_take
from bench.fault_actions import missing_tools, postgres_answers, rabbitmq_answers
from bench.faults import FaultPlan, fault_run
from tests.e2e.flows import eventually
from tests.e2e.suite import ROOT
from tts_common.testing import unavailable

pytestmark = pytest.mark.integration


def _execute(dsn: str, sql: str, parameters: tuple = ()) -> list[tuple]:
    with closing(psycopg2.connect(dsn)) as connection, connection, connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        return cursor.fetchall() if cursor.description else []


@pytest.mark.disruptive  # it spoils a few of the suite's rows on purpose
def test_the_exactly_once_count_names_each_ticket_lost_or_doubled(suite):
    # given: four tickets through the suite, each counted exactly once
    baseline = baseline_take(suite.database_dsn)
    subprocess.run(
        [sys.executable, "manage.py", "inject", "--count", "4", "--no-progress"],
        cwd=ROOT / "services" / "ticket_mock",
        env=suite.env,
        check=True,
        capture_output=True,
    )
    eventually(
        lambda: not tally_take(suite.database_dsn, baseline, expected_tickets=4).failures, timeout=90, what="four tickets counted once"
    )
    workflow, notification, ticket_mock = (suite.database_dsn(name) for name in ("workflow_api", "notification", "ticket_mock"))
    new_tickets = _execute(ticket_mock, "SELECT ticket_number FROM tickets_ticket WHERE id > %s", (baseline.ticket_id,))
    lost, no_inapp, twice_reported, twice_mailed = sorted(number for (number,) in new_tickets)

    # when: one task disappears, one in-app notification too, one status change and one email are recorded twice
    _execute(workflow, "UPDATE tasks_task SET ticket_number = ticket_number || '-gone' WHERE ticket_number = %s", (lost,))
    _execute(notification, "DELETE FROM notifications_inappnotification WHERE related_ticket_number = %s", (no_inapp,))
    _execute(
        ticket_mock,
        "INSERT INTO tickets_ticketstatuschange (ticket_id, previous_status, status, message_id, received_at) "
        "SELECT c.ticket_id, c.previous_status, c.status, 'again', c.received_at FROM tickets_ticketstatuschange c "
        "JOIN tickets_ticket t ON t.id = c.ticket_id WHERE t.ticket_number = %s",
        (twice_reported,),
    )
    _execute(
        notification,
        "INSERT INTO notifications_deliverylog (channel, recipient, user_id, notification_type, subject, status, error, attempts, "
        "task_name, message_id, dedupe_key, created_at, updated_at, sent_at) SELECT channel, recipient, user_id, notification_type, "
        "subject, status, error, attempts, task_name, message_id, dedupe_key || ':again', created_at, updated_at, sent_at "
        "FROM notifications_deliverylog WHERE channel = 'email' AND subject LIKE %s",
        (f"%{twice_mailed}%",),
    )
    failures = tally_take(suite.database_dsn, baseline, expected_tickets=4).failures

    # then: each is named, with its ticket, on its own line
    def line(start: str) -> str:
        found = [failure for failure in failures if failure.startswith(start)]
        assert len(found) == 1, failures
        return found[0]

    assert lost in line("tickets with neither a task nor an intake failure (lost): 1")
    assert no_inapp in line("assignments with 0 in-app notifications: 1")
    assert twice_reported in line("ticket statuses recorded 2 times at ticket_mock: 1")
    assert twice_mailed in line("assignments with 2 assignment emails delivered: 1")


@pytest.mark.disruptive
def test_a_short_fault_run_ends_with_everything_exactly_once_and_healthy(suite, tmp_path):
    # given: a machine where the servers can be stopped and started again
    if missing := missing_tools():
        unavailable(f"the fault run cannot stop the servers here; missing: {', '.join(missing)}")
    lines = []

    # when
    try:
        report = fault_run(suite, FaultPlan.short(), log_dir=tmp_path, say=lines.append)
    finally:
        servers = {"PostgreSQL": postgres_answers(), "RabbitMQ": rabbitmq_answers()}

    # then
    assert all(servers.values()), f"a server was not started again: {servers}"
    assert [outcome.fault for outcome in report.outcomes] == [
        "worker killed",
        "relay killed",
        "worker killed",
        "RabbitMQ restarted",
        "PostgreSQL stopped",
    ]
    while_down = {outcome.fault: outcome.health_while_down for outcome in report.outcomes if outcome.health_while_down}
    assert set(while_down) == {"RabbitMQ restarted", "PostgreSQL stopped"}
    assert all(status == 503 for answers in while_down.values() for status, _ in answers.values()), while_down
    progress = "\n".join(lines)
    assert not report.failures, "\n".join(report.failures) + f"\n\nprogress:\n{progress}\n\nsuite log: {suite.log}"
    assert report.tally.tickets == 300
    assert report.tally.tasks + report.tally.intake_failures == 300
    assert report.tally.inapp_notifications == report.tally.emails == report.tally.assignments
