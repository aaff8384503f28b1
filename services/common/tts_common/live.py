"""Live pushes to a person's open console, over the messaging service's WebSocket.

The notification service (or any other) sends to a per-user group on the
shared channel layer (Redis, ``REDIS_URL``); the messaging service's
``ws/notifications/`` consumer joins that group for the signed-in user and
forwards each event to the socket. Without a shared layer there is nobody to
reach across processes, so nothing is pushed and consoles poll instead.

The channel layer is at-most-once: the database stays the source of truth
and a console that reconnects fetches what it missed over REST.
"""

import logging

from asgiref.sync import async_to_sync
from django.conf import settings

logger = logging.getLogger(__name__)

# The event a consumer of the group receives: {"type": NOTIFICATION_EVENT, "notification": {...}}
NOTIFICATION_EVENT = "notification.created"


def user_group(user_id: int) -> str:
    """The channel-layer group of one person's open consoles."""
    return f"notifications.user.{int(user_id)}"


# The event workflow_api sends to a ticket's group when its task moves: {"type": TASK_CHANGED_EVENT, **fields}.
# messaging's ws/tickets/<ticket>/ sockets forward it as {"type": "task_changed", **fields}.
TASK_CHANGED_EVENT = "task.changed"
TASK_CHANGED_FIELDS = ("task_id", "ticket_number", "action", "actor", "status", "step", "transition")


def ticket_group(ticket_number: str) -> str:
    """The channel-layer group of every open socket of one ticket (messaging's ``ws/comments/`` and ``ws/tickets/``)."""
    return f"comments.ticket.{ticket_number}"


def task_changed_event(
    *, task_id: int, ticket_number: str, action: str, actor_user_id: int | None, actor_name: str, after: dict | None
) -> dict:
    """The ``task.changed`` event of one audit action on a task.

    ``action`` is the audit action (``task.transitioned``, ``task.transferred``, ...); ``actor`` is
    ``{"user_id", "name"}`` (``user_id`` None for the system); ``status``, ``step`` and ``transition`` are the
    task's status, current step name and the transition taken, as the audit event's ``after`` has them (or None).
    """
    after = after if isinstance(after, dict) else {}
    return {
        "type": TASK_CHANGED_EVENT,
        "task_id": task_id,
        "ticket_number": ticket_number,
        "action": action,
        "actor": {"user_id": actor_user_id, "name": actor_name},
        "status": after.get("status"),
        "step": after.get("step") or None,
        "transition": after.get("transition"),
    }


def push_task_changed(event: dict) -> bool:
    """Send a :func:`task_changed_event` to its ticket's sockets; False when no shared layer is configured or it failed."""
    if not live_enabled() or not event.get("ticket_number"):
        return False
    from channels.layers import get_channel_layer

    try:
        async_to_sync(get_channel_layer().group_send)(ticket_group(event["ticket_number"]), event)
        return True
    except Exception:  # best effort: the change is saved, and a console's stale move still gets its 409
        logger.warning("live push of %s on %s failed", event.get("action"), event.get("ticket_number"), exc_info=True)
        return False


def live_enabled() -> bool:
    return bool(getattr(settings, "CHANNEL_LAYERS", None)) and settings.CHANNEL_LAYERS.get("default", {}).get("BACKEND", "").endswith(
        "RedisChannelLayer"
    )


def push_to_user(user_id: int, event: dict) -> bool:
    """Send ``event`` (with its ``type``) to the person's group; False when no shared layer is configured or it failed."""
    if not live_enabled():
        return False
    from channels.layers import get_channel_layer

    try:
        async_to_sync(get_channel_layer().group_send)(user_group(user_id), event)
        return True
    except Exception:  # a push is best effort; the notification is already stored
        logger.warning("live push to user %s failed", user_id, exc_info=True)
        return False


# A channel layer's receive blocks in Redis for up to 5 s (channels_redis's BZPOPMIN): the socket's read timeout must
# outlast it, or an idle receive fails with redis-py's default (also 5 s) every few seconds, more so on a loaded machine.
REDIS_READ_TIMEOUT_SECONDS = 15
REDIS_CONNECT_TIMEOUT_SECONDS = 5


def redis_layer_host(redis_url: str, **options) -> dict:
    """One entry of a ``RedisChannelLayer``'s ``hosts``: ``redis_url`` with read and connect timeouts that outlast
    the layer's blocking receive (``REDIS_READ_TIMEOUT_SECONDS``); ``options`` add redis-py's (``max_connections``)."""
    return {
        "address": redis_url,
        "socket_timeout": REDIS_READ_TIMEOUT_SECONDS,
        "socket_connect_timeout": REDIS_CONNECT_TIMEOUT_SECONDS,
        **options,
    }


def channel_layer_settings() -> dict:
    """``CHANNEL_LAYERS``: Redis when ``REDIS_URL`` is set, else in-process (this process only)."""
    from tts_common.env import env_str

    redis_url = env_str("REDIS_URL")
    if redis_url:
        return {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {"hosts": [redis_layer_host(redis_url)], "capacity": 1500},
            }
        }
    return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
