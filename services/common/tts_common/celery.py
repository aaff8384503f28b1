"""The Celery app factory every service uses.

Everything about how messages travel is decided here once: the routing
table, JSON only, late acks, publisher confirms, time limits, bounded
retries with backoff for passing faults, and dead-lettering of a task's
final failure (done by the task itself, never with ``x-`` queue arguments,
so plainly declared queues stay compatible with every producer).
"""

import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from celery import Celery, Task
from django.db import InterfaceError as DatabaseInterfaceError
from django.db import OperationalError as DatabaseOperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError

from tts_common.env import env_int, env_str
from tts_common.logging import current_request_id
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
        "task_default_delivery_mode": "persistent",
        "timezone": "UTC",
    }


class TTSTask(Task):
    """Base task: bounded, backed-off retries for passing faults; the final
    failure is logged and moved to the dead-letter queue with its reason."""

    autoretry_for = TRANSIENT_ERRORS
    max_retries = 8
    retry_backoff = 2
    retry_backoff_max = 300
    retry_jitter = True

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        logger.error("task %s failed for good: %r", self.name, exc, extra={"task_id": task_id})
        dead_letter(
            self.app,
            task_name=self.name,
            task_id=task_id,
            args=args,
            kwargs=kwargs,
            reason=f"{type(exc).__name__}: {exc}",
            queue=(self.request.delivery_info or {}).get("routing_key"),
        )


def dead_letter(app: Celery, *, task_name: str, task_id: str | None, args: Any, kwargs: Any, reason: str, queue: str | None = None) -> None:
    """Publish a message that can never be processed to the dead-letter queue."""
    body = {
        "task": task_name,
        "task_id": task_id,
        "queue": queue,
        "args": list(args or ()),
        "kwargs": dict(kwargs or {}),
        "reason": reason,
        "failed_at": datetime.now(UTC).isoformat(),
        "request_id": current_request_id(),
    }
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
    except Exception:  # the failure is already logged above; say this too
        logger.exception("could not dead-letter task %s (%s)", task_name, task_id)


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
