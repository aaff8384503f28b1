from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from tts_common.env import env_bool, env_int, env_list, env_str, is_production
from tts_common.live import channel_layer_settings
from tts_common.settings import base_settings

BASE_DIR = Path(__file__).resolve().parent.parent

globals().update(
    base_settings(service="notification", base_dir=BASE_DIR, database_name="notificationservice", title="TTS notification API")
)

INSTALLED_APPS += ["tts_common.outbox", "templating", "notifications"]  # noqa: F821
DATABASES["default"]["ATOMIC_REQUESTS"] = True  # noqa: F821
# Every body this API takes is JSON (templates, preferences, read marks, the send request):
# a form cannot carry their lists and objects, and an empty form read as "no change" hid mistakes.
REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] = ["tts_common.parsers.JSONParser"]  # noqa: F821

# Live pushes go to the per-user group on the shared channel layer (Redis); the
# messaging service's ws/notifications/ consumer forwards them to open consoles.
REDIS_URL = env_str("REDIS_URL")
CHANNEL_LAYERS = channel_layer_settings()
if REDIS_URL:
    HEALTH_CHECKS = {"redis": "tts_common.health.check_redis"}

# X-API-Key values accepted by POST /api/v1/notifications/send/ (comma-separated; several
# at once let a key be rotated). The development default is documented; production needs its own.
NOTIFICATION_API_KEYS = env_list("NOTIFICATION_API_KEYS", [] if is_production() else ["dev-notification-key"])
if not NOTIFICATION_API_KEYS:
    raise ImproperlyConfigured("NOTIFICATION_API_KEYS must be set when DJANGO_ENV=production")

# Mail: Django's email backends, console by default (base_settings reads EMAIL_BACKEND).
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))  # noqa: F821  (the file-based backend only)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Ticket Tracking System <no-reply@tts.local>")

# A refused mail is tried EMAIL_RETRY_MAX_ATTEMPTS times in all, waiting
# EMAIL_RETRY_BASE_SECONDS x 2^(attempt - 1) between tries (at most EMAIL_RETRY_MAX_SECONDS).
EMAIL_RETRY_MAX_ATTEMPTS = env_int("EMAIL_RETRY_MAX_ATTEMPTS", 5)
EMAIL_RETRY_BASE_SECONDS = env_int("EMAIL_RETRY_BASE_SECONDS", 10)
EMAIL_RETRY_MAX_SECONDS = env_int("EMAIL_RETRY_MAX_SECONDS", 600)
# A mail another worker is sending right now (the same message delivered twice) is looked at
# again after this long; one left "sending" longer than EMAIL_SENDING_STALE_SECONDS (its worker
# died mid-send) is taken over.
EMAIL_IN_FLIGHT_RECHECK_SECONDS = env_int("EMAIL_IN_FLIGHT_RECHECK_SECONDS", 30)
EMAIL_SENDING_STALE_SECONDS = env_int("EMAIL_SENDING_STALE_SECONDS", env_int("CELERY_TASK_TIME_LIMIT", 300) + 30)

# A person's preference choices: at most this many in one request, and stored in all
# (the catalogue's matrix has 18 pairs; producers may add types of their own).
NOTIFICATION_PREFERENCES_MAX = env_int("NOTIFICATION_PREFERENCES_MAX", 100)

# Top-level entries of a template context a client sends (send, preview).
NOTIFICATION_CONTEXT_MAX_ENTRIES = env_int("NOTIFICATION_CONTEXT_MAX_ENTRIES", 100)

# Where links in mail point (the agent console).
FRONTEND_URL = env_str("FRONTEND_URL", "http://localhost:1000")

# /metrics: notifications sent and failed per channel, read from the delivery log at scrape time.
TTS_METRICS_COLLECTORS = ["config.metrics.delivery_families"]
