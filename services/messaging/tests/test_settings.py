"""Configuration from the environment: the channel layer, the attachment limits, the socket rate."""

import os
import subprocess
import sys
from pathlib import Path

SERVICE_DIR = Path(__file__).resolve().parents[1]
PRINT_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.CHANNEL_LAYERS['default']['BACKEND'], sorted(getattr(s, 'HEALTH_CHECKS', {})), s.MESSAGING_MAX_ATTACHMENT_BYTES, "
    "s.MESSAGING_WS_RATE_PER_SECOND, s.MESSAGING_WS_RATE_BURST, s.ASGI_APPLICATION, s.DATABASES['default']['NAME'].rsplit('/', 1)[-1]]))"
)


def settings_with(tmp_path, **environment) -> subprocess.CompletedProcess:
    inherited = {"REDIS_URL", "DATABASE_URL", "TTS_POSTGRES_URL", "DJANGO_ENV"}
    env = {key: value for key, value in os.environ.items() if key not in inherited and not key.startswith("MESSAGING_")}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", "TTS_VAR_DIR": str(tmp_path), **environment})
    command = [sys.executable, "-c", PRINT_SETTINGS]
    return subprocess.run(command, cwd=SERVICE_DIR, env=env, capture_output=True, text=True, timeout=60, check=False)


def test_development_defaults(tmp_path):
    result = settings_with(tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        '["channels.layers.InMemoryChannelLayer", [], 10485760, 10, 10, "config.asgi.application", "messagingservice.sqlite3"]'
    )


def test_redis_limits_and_database_come_from_the_environment(tmp_path):
    result = settings_with(
        tmp_path,
        REDIS_URL="redis://127.0.0.1:6379/0",
        MESSAGING_MAX_ATTACHMENT_BYTES="2048",
        MESSAGING_WS_RATE_PER_SECOND="5",
        MESSAGING_WS_RATE_BURST="20",
        TTS_POSTGRES_URL="postgresql://postgres@127.0.0.1:5432",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        '["channels_redis.core.RedisChannelLayer", ["redis"], 2048, 5, 20, "config.asgi.application", "messagingservice"]'
    )
