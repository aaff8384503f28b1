"""Real ``celery worker`` processes against the test database and broker."""

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
def celery_workers(*, broker_url: str, queues: list[str], count: int = 1, concurrency: int = 1, log_dir: Path):
    """Start ``count`` worker processes on the test database; stop them on exit."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url_of_the_test_database(),
        "CELERY_BROKER_URL": broker_url,
        "TTS_VAR_DIR": str(settings.VAR_DIR),
    }
    processes = []
    for number in range(count):
        log = (log_dir / f"worker-{number}.log").open("w")
        processes.append(
            subprocess.Popen(
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
                    f"test-worker-{number}-{os.getpid()}@%h",
                    "--without-gossip",
                    "--without-mingle",
                    "--loglevel",
                    "INFO",
                ],
                cwd=SERVICE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    try:
        yield processes
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_until(condition, *, timeout: float = 60, interval: float = 0.2, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {message}")
