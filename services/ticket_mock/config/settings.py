from pathlib import Path

from tts_common.env import env_int
from tts_common.settings import base_settings

BASE_DIR = Path(__file__).resolve().parent.parent

globals().update(
    base_settings(service="ticket_mock", base_dir=BASE_DIR, database_name="ticketmanagement", title="TTS ticket_mock (mock HDTS) API")
)

INSTALLED_APPS += [  # noqa: F821
    "tts_common.outbox",
    "tickets",
]
DATABASES["default"]["ATOMIC_REQUESTS"] = True  # noqa: F821

# Attachments: each file at most this many bytes, at most this many per ticket.
TICKET_ATTACHMENT_MAX_BYTES = env_int("TICKET_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
TICKET_ATTACHMENT_MAX_COUNT = env_int("TICKET_ATTACHMENT_MAX_COUNT", 10)
# Free-form extras (asset_name, requested_budget, dynamic_data, ...): at most this many top-level fields per ticket.
TICKET_EXTRA_MAX_FIELDS = env_int("TICKET_EXTRA_MAX_FIELDS", 100)
