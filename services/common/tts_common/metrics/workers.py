"""Task counts and runtimes of a service's Celery workers, from Celery's signals in the worker's processes.

The pool processes write to the worker's multiprocess folder
(``tts_common.metrics.multiprocess``, role ``worker``), so the service's own
``/metrics`` reports them; no exporter process or port of its own.
Connected once, by ``tts_common.metrics.apps`` (signals fire only where tasks run).
"""

import time

from celery import signals
from prometheus_client import Counter, Histogram

CELERY_TASKS = Counter(
    "tts_celery_tasks",
    "Celery task executions finished in this service's workers, by task name and state.",
    ["task", "state"],  # succeeded, failed, retried, rejected
)
CELERY_TASK_RUNTIME = Histogram(
    "tts_celery_task_runtime_seconds",
    "Wall-clock seconds of one Celery task execution (a batch task: one batch).",
    ["task"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, float("inf")),
)

_started: dict[str, float] = {}


def _name(task) -> str:
    return getattr(task, "name", None) or "unknown"


@signals.task_prerun.connect(weak=False)
def _task_started(task_id=None, task=None, **_):
    if task_id:
        _started[task_id] = time.monotonic()


@signals.task_postrun.connect(weak=False)
def _task_finished(task_id=None, task=None, state=None, **_):
    started = _started.pop(task_id, None) if task_id else None
    if started is not None:
        CELERY_TASK_RUNTIME.labels(_name(task)).observe(time.monotonic() - started)
    if state == "SUCCESS":
        CELERY_TASKS.labels(_name(task), "succeeded").inc()


@signals.task_failure.connect(weak=False)
def _task_failed(sender=None, **_):
    CELERY_TASKS.labels(_name(sender), "failed").inc()


@signals.task_retry.connect(weak=False)
def _task_retried(sender=None, **_):
    CELERY_TASKS.labels(_name(sender), "retried").inc()


@signals.task_rejected.connect(weak=False)
def _task_rejected(message=None, **_):
    headers = getattr(message, "headers", None) or {}
    CELERY_TASKS.labels(headers.get("task") or "unknown", "rejected").inc()


@signals.worker_process_shutdown.connect(weak=False)
def _pool_process_gone(pid=None, **_):
    """A pool process that ends takes its live gauges with it (counters stay: figures are whole)."""
    import os

    from prometheus_client import multiprocess

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(pid or os.getpid())
