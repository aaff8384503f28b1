"""The Celery app factory every service uses.

Everything about how messages travel is decided here once: the routing
table, JSON only, late acks, publisher confirms, time limits, bounded
retries with backoff for passing faults, and the settling of a task's
final failure: published to the dead-letter queue (by the task itself, never
with ``x-`` queue arguments, so plainly declared queues stay compatible with
every producer) and recorded as a ``DeadLetter`` row in the service's
database. A message is acknowledged only once one of those two holds; when
both fail it goes back to its queue.
"""

import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from celery import Celery, Task, signals
from celery.exceptions import Ignore, Reject, Retry
from celery.worker.consumer import Consumer
from django.db import InterfaceError as DatabaseInterfaceError
from django.db import OperationalError as DatabaseOperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError
from vine import promise

from tts_common.env import env_int, env_str
from tts_common.logging import current_request_id
from tts_common.messages import MalformedMessageError, MessageDefinition
from tts_common.routing import DEAD_LETTER_QUEUE, celery_queues, celery_routes, plain_queue

logger = logging.getLogger(__name__)

# Faults that pass by themselves: retried with backoff, never dropped.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    DatabaseOperationalError,
    DatabaseInterfaceError,
    BrokerOperationalError,
    ConnectionError,
    TimeoutError,
)


def default_broker_dir() -> Path:
    from django.conf import settings

    return Path(settings.VAR_DIR) / "broker"


def broker_settings() -> dict[str, Any]:
    url = env_str("CELERY_BROKER_URL")
    if url and not url.startswith("filesystem"):
        return {
            "broker_url": url,
            "broker_transport_options": {"confirm_publish": True},
            "broker_connection_timeout": 4,
        }
    # Embedded default: kombu's filesystem transport; every process that
    # shares this folder exchanges messages through it, queue by queue.
    folder = default_broker_dir()
    messages, control = folder / "messages", folder / "control"
    for path in (messages, control):
        path.mkdir(parents=True, exist_ok=True)
    return {
        "broker_url": "filesystem://localhost//",
        "broker_transport_options": {
            "data_folder_in": str(messages),
            "data_folder_out": str(messages),
            "control_folder": str(control),
        },
    }


def celery_settings() -> dict[str, Any]:
    return {
        **broker_settings(),
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],
        "task_ignore_result": True,
        "result_backend": None,
        "task_queues": celery_queues(),
        "task_routes": celery_routes(),
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "task_time_limit": env_int("CELERY_TASK_TIME_LIMIT", 300),
        "task_soft_time_limit": env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240),
        "worker_prefetch_multiplier": env_int("CELERY_PREFETCH_MULTIPLIER", 4),
        "worker_hijack_root_logger": False,
        "worker_cancel_long_running_tasks_on_connection_loss": True,
        "broker_connection_retry_on_startup": True,
        # A worker or beat whose broker is away keeps reconnecting (kombu backs off) instead of exiting after 100 tries.
        "broker_connection_max_retries": None,
        "task_default_delivery_mode": "persistent",
        "timezone": "UTC",
        "worker_consumer": "tts_common.celery:RecordingConsumer",
    }


class TTSTask(Task):
    """Base task: bounded, backed-off retries for passing faults; the final
    failure, of any kind, is logged and settled with ``dead_letter``.

    Every task of every service gets this base, ``@shared_task`` without
    ``base=`` included (``make_celery_app`` makes it the app's ``task_cls``).
    Settling happens in ``__call__``, in the worker, before the message is
    acknowledged: when neither the dead-letter queue nor the ``DeadLetter``
    table takes the failure, the message is rejected back to its queue
    (``Reject(requeue=True)``) rather than acknowledged and lost. A task
    called directly (unit tests) just raises.
    """

    autoretry_for = TRANSIENT_ERRORS
    # Full jitter draws each countdown from [0, backoff]: with only 8 tries a
    # good message could spend them all inside a 30 s database outage. 16
    # tries (the later ones drawn from up to 300 s) outlast any blink; a
    # fault that lasts hours still ends as a recorded dead letter.
    max_retries = 16
    retry_backoff = 2
    retry_backoff_max = 300
    retry_jitter = True

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except (Retry, Reject, Ignore):
            raise
        except Exception as exc:
            if self.request.called_directly:
                raise
            if isinstance(exc, MalformedMessageError):  # message_read logged it already
                reason = f"malformed message: {exc}"
            else:
                logger.error("task %s failed for good: %r", self.name, exc, extra={"task_id": self.request.id})
                reason = f"{type(exc).__name__}: {exc}"
            settled = dead_letter(
                self.app,
                task_name=self.name,
                task_id=self.request.id,
                args=list(args),
                kwargs=kwargs,
                reason=reason,
                queue=(self.request.delivery_info or {}).get("routing_key"),
            )
            if not settled:
                raise Reject(f"could not dead-letter nor record: {exc!r}", requeue=True) from exc
            raise


def message_read(task: Task, definition: MessageDefinition, args: Any, kwargs: Any, *, on_malformed=None):
    """How every consumer reads its message: ``definition.parse(args, kwargs)``, the payload model.

    A payload that does not validate is logged, handed to ``on_malformed(error)`` (a service that
    keeps its own record of failed deliveries), and raised as ``MalformedMessageError``: not one of
    ``TRANSIENT_ERRORS``, so it is never retried, and ``TTSTask`` settles it like any final failure,
    a ``DeadLetter`` row and a copy on the dead-letter queue with the reason
    ``"malformed message: <field>: <why>"``. The worker carries on.
    """
    try:
        return definition.parse(args, kwargs)
    except MalformedMessageError as error:
        logger.warning("malformed %s message %s: %s", definition.task_name, task.request.id, error, extra={"task_id": task.request.id})
        if on_malformed is not None:
            on_malformed(error)
        raise


def dead_letter(
    app: Celery, *, task_name: str, task_id: str | None, args: Any, kwargs: Any, reason: str, queue: str | None = None, record: bool = True
) -> bool:
    """Settle a message that can never be processed: publish it to the dead-letter queue and (``record``)
    store a ``DeadLetter`` row. Never raises; returns whether at least one of the two holds.

    The queue copy is ``{"task", "task_id", "queue", "args", "kwargs", "reason", "failed_at", "request_id"}``
    as JSON; args and kwargs that JSON cannot carry are sent as ``tts_common.jsonvalues.storable`` makes them.
    """
    from tts_common.jsonvalues import storable

    body = {
        "task": task_name,
        "task_id": task_id,
        "queue": queue,
        "args": list(args or ()) if isinstance(args, list | tuple) else [args],
        "kwargs": dict(kwargs or {}) if isinstance(kwargs, dict) else {"value": kwargs},
        "reason": reason,
        "failed_at": datetime.now(UTC).isoformat(),
        "request_id": current_request_id(),
    }
    published = _publish_dead_letter(app, body) or _publish_dead_letter(
        app, {**body, "args": storable(body["args"]), "kwargs": storable(body["kwargs"])}
    )
    recorded = False
    if record:
        from tts_common.deadletter.services import dead_letter_record

        fields = {"task_name": task_name, "task_id": task_id, "queue": queue, "args": args, "kwargs": kwargs, "reason": reason}
        recorded = dead_letter_record(**fields, published=published) is not None
    if not published:
        logger.error("could not dead-letter task %s (%s)%s", task_name, task_id, "; recorded in the database" if recorded else "")
    return published or recorded


def _publish_dead_letter(app: Celery, body: dict) -> bool:
    queue_decl = plain_queue(DEAD_LETTER_QUEUE)
    try:
        with app.producer_or_acquire() as producer:
            producer.publish(
                body,
                exchange=queue_decl.exchange,
                routing_key=DEAD_LETTER_QUEUE,
                declare=[queue_decl],
                serializer="json",
                delivery_mode=2,
                retry=True,
                retry_policy={"max_retries": 5},
            )
    except Exception:  # reported by the caller, which tries a sanitised copy or the database
        logger.warning("publishing to %s failed", DEAD_LETTER_QUEUE, exc_info=True)
        return False
    return True


def _raw_body(message) -> str:
    body = message.body
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    return str(body)[:65536]


@signals.task_rejected.connect(weak=False, dispatch_uid="tts_common.celery.record_rejected")
def _record_rejected(sender=None, message=None, exc=None, **_) -> None:
    """A message the worker could not read as a task (not Celery's format, a body that does not fit the
    protocol): Celery drops it with a log line; record it too, with the raw body, so it is not lost silently."""
    headers = getattr(message, "headers", None) or {}
    reason = f"not a readable task message: {type(exc).__name__}: {exc}" if exc else "not a task message (no task header)"
    dead_letter(
        sender.app,
        task_name=str(headers.get("task") or "<not a task message>"),
        task_id=headers.get("id"),
        args=[{"raw_body": _raw_body(message)}],
        kwargs={},
        reason=reason,
        queue=(getattr(message, "delivery_info", None) or {}).get("routing_key"),
    )


@signals.task_unknown.connect(weak=False, dispatch_uid="tts_common.celery.record_unknown")
def _record_unknown(sender=None, message=None, exc=None, name=None, id=None, **_) -> None:
    """A task name this worker does not know (a producer's typo, a queue routed wrong): dropped by Celery, recorded here."""
    dead_letter(
        sender.app,
        task_name=str(name),
        task_id=id,
        args=[{"raw_body": _raw_body(message)}],
        kwargs={},
        reason=f"unknown task {name!r} on this worker",
        queue=(getattr(message, "delivery_info", None) or {}).get("routing_key"),
    )


EMBED_LISTS = ("callbacks", "errbacks", "chain")


def envelope_problem(body: Any) -> str | None:
    """Why a decoded task message body is not Celery's envelope, or None when it is.

    Protocol 2 (what the contract fixes): ``[args, kwargs, embed]``, args a list,
    kwargs an object, embed an object or null whose ``callbacks``, ``errbacks`` and
    ``chain`` are lists or null and ``chord`` an object or null. A protocol 1 body
    (an object with ``args``) is left to Celery, which converts it. Source:
    Celery's "Message Protocol" reference, version 2.
    """
    if isinstance(body, dict) and "args" in body:
        return None
    if not isinstance(body, list | tuple) or len(body) != 3:
        return "the body must be the list [args, kwargs, embed] (Celery message protocol 2)"
    args, kwargs, embed = body
    if not isinstance(args, list | tuple):
        return "body[0] (args) must be a list"
    if not isinstance(kwargs, dict):
        return "body[1] (kwargs) must be an object"
    if embed is None:
        return None
    if not isinstance(embed, dict):
        return "body[2] (embed) must be an object or null"
    for key in EMBED_LISTS:
        if embed.get(key) is not None and not isinstance(embed[key], list):
            return f"body[2].{key} must be a list or null"
    if embed.get("chord") is not None and not isinstance(embed["chord"], dict):
        return "body[2].chord must be an object or null"
    return None


class RecordingConsumer(Consumer):
    """Celery's consumer, except that a message that can never become a task is recorded and
    dead-lettered (:func:`dead_letter`) and acknowledged, so it costs only itself:

    - a body that cannot be decoded (not JSON, not UTF-8, a content type we do not accept), instead of
      leaving only a CRITICAL log line (Celery sends no signal for it);
    - a task message whose decoded body is not Celery's envelope (:func:`envelope_problem`): Celery
      would raise inside its message handler (``[[]]``, a bare object: the worker dies, and the message,
      never acknowledged, kills the next one too) or drop it with a log line (kwargs not an object).
    """

    def create_task_handler(self, promise=promise):
        handle = super().create_task_handler(promise)

        def on_task_received(message):
            headers = getattr(message, "headers", None)
            if isinstance(headers, dict) and "task" in headers:
                try:
                    body = message.decode()
                except Exception:  # Celery's own path records it (on_decode_error)
                    return handle(message)
                problem = envelope_problem(body)
                if problem is not None:
                    return self._refuse(message, headers, problem)
            return handle(message)

        return on_task_received

    def _refuse(self, message, headers: dict, problem: str) -> None:
        logger.warning("malformed task message %s (%s): %s", headers.get("id"), headers.get("task"), problem)
        dead_letter(
            self.app,
            task_name=str(headers.get("task")),
            task_id=headers.get("id"),
            args=[{"raw_body": _raw_body(message)}],
            kwargs={},
            reason=f"malformed task message: {problem}",
            queue=(getattr(message, "delivery_info", None) or {}).get("routing_key"),
        )
        message.ack_log_error(logger, self.connection_errors)

    def on_decode_error(self, message, exc) -> None:
        headers = getattr(message, "headers", None) or {}
        dead_letter(
            self.app,
            task_name=str(headers.get("task") or "<undecodable message>"),
            task_id=headers.get("id"),
            args=[{"raw_body": _raw_body(message)}],
            kwargs={},
            reason=f"undecodable body ({message.content_type}): {type(exc).__name__}: {exc}",
            queue=(getattr(message, "delivery_info", None) or {}).get("routing_key"),
        )
        super().on_decode_error(message, exc)


def make_celery_app(
    service: str, *, consumes: tuple[str, ...] = (), overrides: dict[str, Any] | None = None, set_as_current: bool = True
) -> Celery:
    """The service's app.

    ``consumes``: the queues (from ``tts_common.routing``) a plain ``celery
    worker`` of this service takes messages from; every other queue is still
    declared plainly when published to. ``overrides`` replace settings (tests
    point the app elsewhere).
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    overrides = dict(overrides or {})
    if "broker_url" in overrides:
        # Celery lets the CELERY_BROKER_URL variable beat broker_url; the
        # read and write URLs it consults first are what really override it.
        overrides.setdefault("broker_read_url", overrides["broker_url"])
        overrides.setdefault("broker_write_url", overrides["broker_url"])
    app = Celery(service, task_cls=TTSTask, set_as_current=set_as_current)
    consumed = {"task_queues": [plain_queue(name) for name in consumes]} if consumes else {}
    app.config_from_object({**celery_settings(), **consumed, **overrides})
    app.autodiscover_tasks()
    return app
