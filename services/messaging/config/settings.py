from pathlib import Path

from tts_common.env import env_int, env_list, env_str
from tts_common.live import channel_layer_settings, redis_layer_host
from tts_common.settings import base_settings

BASE_DIR = Path(__file__).resolve().parent.parent

globals().update(base_settings(service="messaging", base_dir=BASE_DIR, database_name="messagingservice", title="TTS messaging API"))

# "daphne" first: `manage.py runserver` then serves the ASGI application (HTTP and WebSocket).
INSTALLED_APPS = ["daphne", *INSTALLED_APPS, "channels", "tts_common.outbox", "comments", "search"]  # noqa: F821
DATABASES["default"]["ATOMIC_REQUESTS"] = True  # noqa: F821
ASGI_APPLICATION = "config.asgi.application"

# Every change is pushed to every socket of its ticket in every messaging process: that needs the
# shared Redis layer (REDIS_URL). Without it the in-memory layer reaches this process's sockets only.
REDIS_URL = env_str("REDIS_URL")
CHANNEL_LAYERS = channel_layer_settings()
# A process joins each group once (realtime.hub), so it needs few Redis connections; the pool
# is bounded all the same (redis-py refuses, rather than waits, past its size).
# The read timeout must outlast channels_redis's blocking receive (BZPOPMIN, 5 s): with redis-py's
# default (also 5 s) an idle receive times out and fails every few seconds. A membership lives
# MESSAGING_GROUP_EXPIRY_SECONDS (the layer's group_expiry); realtime.hub renews it three times as often.
if REDIS_URL:
    HEALTH_CHECKS = {"redis": "tts_common.health.check_redis"}
    CHANNEL_LAYERS["default"]["CONFIG"]["hosts"] = [
        redis_layer_host(REDIS_URL, max_connections=env_int("MESSAGING_REDIS_MAX_CONNECTIONS", 200))
    ]
    CHANNEL_LAYERS["default"]["CONFIG"]["group_expiry"] = env_int("MESSAGING_GROUP_EXPIRY_SECONDS", 86400)

# Attachments: one stored file per content hash; the type is read from the content, never the name alone.
MESSAGING_MAX_ATTACHMENT_BYTES = env_int("MESSAGING_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024)
# Files in one upload request (the field ``file``, repeated).
MESSAGING_MAX_FILES_PER_UPLOAD = env_int("MESSAGING_MAX_FILES_PER_UPLOAD", 10)
MESSAGING_ATTACHMENT_TYPES = env_list(
    "MESSAGING_ATTACHMENT_TYPES",
    [
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "application/pdf",
        "text/plain",
        "text/csv",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/zip",
    ],
)
# Images larger than this many pixels are refused (decompression bombs).
MESSAGING_MAX_IMAGE_PIXELS = env_int("MESSAGING_MAX_IMAGE_PIXELS", 50_000_000)
MESSAGING_MAX_COMMENT_LENGTH = env_int("MESSAGING_MAX_COMMENT_LENGTH", 10_000)

# Each socket may send MESSAGING_WS_RATE_PER_SECOND messages a second on average, in bursts of at
# most MESSAGING_WS_RATE_BURST (a token bucket); past that it gets {"type": "error"} and stays open.
MESSAGING_WS_RATE_PER_SECOND = env_int("MESSAGING_WS_RATE_PER_SECOND", 10)
MESSAGING_WS_RATE_BURST = env_int("MESSAGING_WS_RATE_BURST", 10)
