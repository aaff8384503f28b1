"""Checks that a consumer settles every message: processed, or recorded as a failure.

For the property-based tests of each service's Celery consumers. A message
is run through the task as a worker runs it (``task.apply``: the same
``TTSTask`` settling as in a worker, on the test database), and the outcome
must be one of

- processed: the task returned;
- recorded: it failed, and a ``DeadLetter`` row with its task id holds it
  (the same row a worker writes before it acknowledges the message).

Anything else (an exception that escaped the settling, a failure with no
record) fails the test with the input. Run these with
``django_db(transaction=True)``: a consumer runs in autocommit in a worker,
and a statement PostgreSQL refuses must not poison the test's transaction.
"""

import contextlib
import uuid
from dataclasses import dataclass, field
from typing import Any

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from tts_common.testing_inputs import fuzz_settings, json_values

PROCESSED = "processed"
RECORDED = "recorded"


def consumer_settings(max_examples: int | None = None):
    """Hypothesis settings for consumer checks: the same as the HTTP edge's (:func:`~tts_common.testing_inputs.fuzz_settings`)."""
    return fuzz_settings(max_examples)


def keyword_messages(names: list[str], valid: dict[str, Any]) -> st.SearchStrategy[tuple[list, dict]]:
    """``(args, kwargs)``: the ``valid`` keywords with some replaced by any JSON value, some dropped, unknown ones added;
    or any JSON value as the only positional argument."""
    replaced = st.fixed_dictionaries({}, optional={name: json_values() for name in names})
    dropped = st.sets(st.sampled_from(names), max_size=2) if names else st.just(set())
    extra = st.dictionaries(st.sampled_from(["unexpected", "x\x00"]), json_values(), max_size=1)

    def combine(parts):
        new, gone, more = parts
        kwargs = {key: value for key, value in {**valid, **new}.items() if key not in gone}
        return [], {**kwargs, **more}

    keywords = st.tuples(replaced, dropped, extra).map(combine)
    positional = json_values().map(lambda value: ([value], {}))
    return st.one_of(keywords, positional)


def payload_messages(valid: dict[str, Any]) -> st.SearchStrategy[tuple[list, dict]]:
    """``([payload], {})`` for consumers of one dict: ``valid`` with fields replaced by any JSON value, or any JSON value."""
    fields = list(valid)
    replaced = st.fixed_dictionaries({}, optional={name: json_values() for name in fields})
    edited = replaced.map(lambda new: ([{**valid, **new}], {}))
    return st.one_of(edited, json_values().map(lambda value: ([value], {})))


def settle(task, args: list, kwargs: dict) -> str:
    """Run one message through ``task`` as a worker would; ``PROCESSED`` or ``RECORDED``, else AssertionError."""
    from tts_common.deadletter.models import DeadLetter

    task_id = f"property-{uuid.uuid4()}"
    result = task.apply(args=args, kwargs=kwargs, task_id=task_id)
    if result.successful():
        _count(f"{task.name}: {PROCESSED}")
        return PROCESSED
    recorded = DeadLetter.objects.filter(task_id=task_id).first()
    if recorded is None or not recorded.reason:
        raise AssertionError(f"{task.name}{(args, kwargs)!r} failed with no record: {result.traceback}")
    _count(f"{task.name}: {RECORDED} ({recorded.reason.split(':')[0]})")
    return RECORDED


def _count(outcome: str) -> None:
    """Inside a Hypothesis test, ``--hypothesis-show-statistics`` shows how often each outcome came."""
    with contextlib.suppress(InvalidArgument):
        event(outcome)


# Poison messages through a real worker ------------------------------------------------------------

ONE_MEGABYTE = "x" * 1_000_000


@dataclass(frozen=True)
class Message:
    """One message to publish: positional ``args`` and ``kwargs`` of the task."""

    args: list = field(default_factory=list)
    kwargs: dict = field(default_factory=dict)


@dataclass
class PoisonRun:
    """What became of the messages of :func:`publish_through_worker`, by task id."""

    succeeded: set[str]
    recorded: dict[str, str]  # task id -> the DeadLetter reason
    dead_lettered: dict[str, str]  # task id -> the reason on the dead-letter queue
    worker_alive: bool
    log: str


def poison_among_good(consumer: str, good, poisons: dict[str, Message]) -> dict[str, Message]:
    """The messages of a poison test, in publish order: ``good(n)`` for n 0..2 (``<consumer>-good-<n>``), each of
    ``poisons`` (``<consumer>-poison-<kind>``), then ``good(3)`` (``<consumer>-good-after``)."""
    messages = {f"{consumer}-good-{n}": good(n) for n in range(3)}
    messages.update({f"{consumer}-poison-{kind}": message for kind, message in poisons.items()})
    messages[f"{consumer}-good-after"] = good(3)
    return messages


def publish_through_worker(
    *,
    service_dir,
    broker_url: str,
    queue: str,
    task_name: str,
    messages: dict[str, Message],
    log_path,
    env: dict | None = None,
    settle_timeout: float = 60,
) -> PoisonRun:
    """Start one real worker of the service on ``queue``, publish ``messages`` (key -> message; the key is the task id)
    as a plain producer would, wait until each one either succeeded (worker log) or was recorded (``DeadLetter``), and
    report. The dead-letter queue is read for the recorded ones."""
    from celery import Celery

    from tts_common.deadletter.models import DeadLetter
    from tts_common.routing import DEAD_LETTER_QUEUE
    from tts_common.testing import celery_workers, drain_task_messages, wait_until

    producer = Celery("poison-producer", broker=broker_url, set_as_current=False)
    ids = set(messages)

    def succeeded() -> set[str]:
        text = log_path.read_text() if log_path.exists() else ""
        return {task_id for task_id in ids if f"[{task_id}] succeeded" in text}

    def settled() -> bool:
        return succeeded() | set(DeadLetter.objects.filter(task_id__in=ids).values_list("task_id", flat=True)) == ids

    with celery_workers(service_dir, broker_url=broker_url, queues=[queue], logs=[log_path], env=env) as [worker]:
        for task_id, message in messages.items():
            producer.send_task(task_name, args=message.args, kwargs=message.kwargs, queue=queue, task_id=task_id)
        wait_until(settled, timeout=settle_timeout, message=f"every {task_name} message processed or recorded", log=log_path)
        alive = worker.poll() is None
    recorded = dict(DeadLetter.objects.filter(task_id__in=ids).values_list("task_id", "reason"))
    found = drain_task_messages(
        producer, DEAD_LETTER_QUEUE, timeout=3, until=lambda got: set(recorded) <= {m["body"].get("task_id") for m in got}
    )
    dead = {m["body"]["task_id"]: m["body"]["reason"] for m in found if m["body"].get("task_id") in ids}
    return PoisonRun(succeeded=succeeded(), recorded=recorded, dead_lettered=dead, worker_alive=alive, log=log_path.read_text())


def assert_only_the_poison_failed(run: PoisonRun, messages: dict[str, Message]) -> None:
    """Every message whose key has ``-poison-`` was recorded and dead-lettered; every other one succeeded; the worker lives."""
    poisoned = {key for key in messages if "-poison-" in key}
    assert run.succeeded == set(messages) - poisoned, run.log[-3000:]
    assert set(run.recorded) == poisoned
    assert set(run.dead_lettered) == poisoned
    assert run.worker_alive


def tasks_without_settling(app, *, batch_tasks: tuple[str, ...] = ()) -> list[str]:
    """The service's own tasks that would not settle a final failure (not ``TTSTask``), ``batch_tasks`` aside."""
    from tts_common.celery import TTSTask

    app.loader.import_default_modules()
    return sorted(
        name
        for name, task in app.tasks.items()
        if not name.startswith("celery.") and name not in batch_tasks and not isinstance(task, TTSTask)
    )
