"""Real ``celery worker`` processes of this service against the test database and broker."""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from tts_common.testing import database_url_of_the_test_database

SERVICE_DIR = Path(__file__).resolve().parents[1]


@contextmanager
def celery_worker(*, broker_url: str, queues: list[str], log: Path, concurrency: int = 2, env: dict | None = None):
    """One worker process (``concurrency`` children) on the test database; stopped on exit."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url_of_the_test_database(),
        "CELERY_BROKER_URL": broker_url,
        "TTS_VAR_DIR": str(settings.VAR_DIR),
        **(env or {}),
    }
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                ",".join(queues),
                "--concurrency",
                str(concurrency),
                "-n",
                f"notification-test-{os.getpid()}-{time.monotonic_ns()}@%h",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
            ],
            cwd=SERVICE_DIR,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_until(condition, *, timeout: float = 60, interval: float = 0.2, message: str = "condition", log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    tail = f"\nworker log:\n{log.read_text()[-4000:]}" if log and log.exists() else ""
    raise AssertionError(f"timed out waiting for {message}{tail}")
