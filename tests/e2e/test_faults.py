"""The fault script's CI variant (``bench/faults.py --short``) through the running suite.

300 tickets while the workflow worker is SIGKILLed twice, RabbitMQ is
restarted once, PostgreSQL is stopped for 15 s and workflow_api's outbox relay
is SIGKILLed: every ticket is exactly one task or one intake failure, every
assignment and status message arrives exactly once, every ``/health/`` answers
200 and every process runs again, with no hand restart.

It stops this machine's PostgreSQL and RabbitMQ, so it is marked
``disruptive`` and runs after every other test of the session; the servers
are started again even when it fails.
"""

import pytest

from bench.fault_actions import missing_tools, postgres_answers, rabbitmq_answers
from bench.faults import FaultPlan, fault_run
from tts_common.testing import unavailable

pytestmark = [pytest.mark.integration, pytest.mark.disruptive]


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
    progress = "\n".join(lines)
    assert not report.failures, "\n".join(report.failures) + f"\n\nprogress:\n{progress}\n\nsuite log: {suite.log}"
    assert report.tally.tickets == 300
    assert report.tally.tasks + report.tally.intake_failures == 300
    assert report.tally.inapp_notifications == report.tally.emails == report.tally.assignments
