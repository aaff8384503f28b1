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


def channel_layer_settings() -> dict:
    """``CHANNEL_LAYERS``: Redis when ``REDIS_URL`` is set, else in-process (this process only)."""
    from tts_common.env import env_str

    redis_url = env_str("REDIS_URL")
    if redis_url:
        return {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [redis_url], "capacity": 1500}}}
    return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
