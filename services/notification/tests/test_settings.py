"""Configuration from the environment: the API keys, the mail server, the channel layer."""

import os
import subprocess
import sys
from pathlib import Path

SERVICE_DIR = Path(__file__).resolve().parents[1]
PRINT_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.NOTIFICATION_API_KEYS, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.EMAIL_RETRY_MAX_ATTEMPTS, "
    "s.CHANNEL_LAYERS['default']['BACKEND'], sorted(getattr(s, 'HEALTH_CHECKS', {}))]))"
)


def settings_with(tmp_path, **environment) -> subprocess.CompletedProcess:
    inherited = {"REDIS_URL", "NOTIFICATION_API_KEYS", "DJANGO_ENV"}
    env = {key: value for key, value in os.environ.items() if key not in inherited and not key.startswith("EMAIL_")}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", "TTS_VAR_DIR": str(tmp_path), **environment})
    command = [sys.executable, "-c", PRINT_SETTINGS]
    return subprocess.run(command, cwd=SERVICE_DIR, env=env, capture_output=True, text=True, timeout=60, check=False)


def test_development_defaults(tmp_path):
    result = settings_with(tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '[["dev-notification-key"], "localhost", 25, false, 5, "channels.layers.InMemoryChannelLayer", []]'


def test_keys_mail_server_and_redis_come_from_the_environment(tmp_path):
    result = settings_with(
        tmp_path,
        NOTIFICATION_API_KEYS="one, two",
        EMAIL_HOST="smtp.example.com",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="true",
        EMAIL_RETRY_MAX_ATTEMPTS="3",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '[["one", "two"], "smtp.example.com", 587, true, 3, "channels_redis.core.RedisChannelLayer", ["redis"]]'


def test_production_refuses_to_start_without_api_keys(tmp_path):
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / "public.pem").write_text("not checked here")

    result = settings_with(
        tmp_path,
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="s",
        JWT_PUBLIC_KEY_FILE=str(keys / "public.pem"),
        TTS_PUBLIC_HOSTS="tts.example.org",
    )

    assert result.returncode != 0 and "NOTIFICATION_API_KEYS must be set" in result.stderr
