"""Webhook deliveries run in a worker of their own (the Procfile's ``workflow-webhooks``, queue ``tts.webhooks``),
and ``workflow-worker`` takes every other workflow_api queue: a stalled receiver never holds up intake or the sweep."""

import shlex
from pathlib import Path

import pytest

from config.celery import app
from tts_common.routing import (
    COMMENT_CREATED,
    DELIVER_WEBHOOK,
    RECEIVE_TICKET,
    REVOKE_TOKENS_WORKFLOW,
    SLA_SWEEP,
    SYNC_ROLE,
    TASK_QUEUES,
    WEBHOOK_QUEUE,
    WEBHOOK_RETRY_SWEEP,
)

PROCFILE = Path(__file__).resolve().parents[4] / "Procfile"


def worker_queues(process: str) -> list[str]:
    """The queues the Procfile's ``process`` consumes: the app's (``config.celery``), as ``-Q`` selects and ``-X``
    leaves out, in the app's order."""
    commands = dict(line.split(":", 1) for line in PROCFILE.read_text().splitlines() if line.strip() and not line.startswith("#"))
    words = shlex.split(commands[process].split("&&")[-1])
    assert words[1:5] == ["celery", "-A", "config", "worker"], f"{process} is not a workflow_api celery worker: {words}"
    option = {flag: words[words.index(flag) + 1].split(",") for flag in ("-Q", "-X") if flag in words}
    consumed = [queue.name for queue in app.conf.task_queues]
    for name in option.get("-Q", []) + option.get("-X", []):
        assert name in consumed, f"{process}: {name} is not one of workflow_api's queues"
    return [name for name in consumed if name in option.get("-Q", consumed) and name not in option.get("-X", [])]


def test_the_webhooks_worker_takes_the_webhook_queue_and_the_workflow_worker_all_the_others():
    webhooks, workflow = set(worker_queues("workflow-webhooks")), set(worker_queues("workflow-worker"))

    assert webhooks == {WEBHOOK_QUEUE}
    assert not webhooks & workflow
    assert webhooks | workflow == {queue.name for queue in app.conf.task_queues}


@pytest.mark.parametrize(("task", "process"), [
    (DELIVER_WEBHOOK, "workflow-webhooks"), (COMMENT_CREATED, "workflow-webhooks"), (WEBHOOK_RETRY_SWEEP, "workflow-webhooks"),
    (RECEIVE_TICKET, "workflow-worker"), (SLA_SWEEP, "workflow-worker"), (SYNC_ROLE, "workflow-worker"),
    (REVOKE_TOKENS_WORKFLOW, "workflow-worker"),
])  # fmt: skip
def test_each_task_is_consumed_by_its_process(task, process):
    assert TASK_QUEUES[task] in worker_queues(process)
