"""pytest plugin: tests that need PostgreSQL, RabbitMQ or Redis.

Such a test runs when its server answers and is skipped with the reason when
it does not, unless ``REQUIRE_SERVICES=1`` (CI), which makes that a failure.
The servers come from ``TTS_TEST_BROKER_URL``, ``TTS_TEST_REDIS_URL`` and the
database settings of the run.
"""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

DEFAULT_BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def services_required() -> bool:
    return os.environ.get("REQUIRE_SERVICES", "") in {"1", "true", "yes"}


def unavailable(reason: str) -> None:
    """Skip, or fail when the run requires the real servers."""
    if services_required():
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def answers(url: str, default_port: int, timeout: float = 1.0) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), timeout=timeout):
            return True
    except OSError:
        return False


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "integration: needs real PostgreSQL, RabbitMQ or Redis and real processes")


def answering_url(variable: str, default: str, default_port: int, name: str) -> str:
    """The server's URL from ``variable``; skip (or fail) when it does not answer."""
    url = os.environ.get(variable, default)
    if not answers(url, default_port):
        parts = urlsplit(url)
        unavailable(f"{name} does not answer at {parts.hostname}:{parts.port or default_port}")
    return url


@pytest.fixture(scope="session")
def rabbitmq_url() -> str:
    return answering_url("TTS_TEST_BROKER_URL", DEFAULT_BROKER_URL, 5672, "RabbitMQ")


@pytest.fixture(scope="session")
def redis_url() -> str:
    return answering_url("TTS_TEST_REDIS_URL", DEFAULT_REDIS_URL, 6379, "Redis")


@pytest.fixture
def postgres_database(settings) -> str:
    """For a test whose point is PostgreSQL behaviour (row locks, concurrency)."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        unavailable("this test needs PostgreSQL; the run is on SQLite (make test runs it in its PostgreSQL pass)")
    return settings.DATABASES["default"]["NAME"]


def access_token_for(
    *,
    user_id: int,
    email: str = "",
    full_name: str = "",
    roles: list[dict[str, str]] | None = None,
    lifetime_seconds: int = 900,
    token_type: str = "access",
) -> str:
    """An access token shaped like auth's, signed with the development private key.

    For tests of services that only verify tokens; auth's own tests use auth's
    real token endpoint.
    """
    import time
    import uuid
    from pathlib import Path

    import jwt
    from django.conf import settings

    from tts_common.keys import PRIVATE_KEY_NAME
    from tts_common.settings import TOKEN_ISSUER

    private_pem = Path(os.environ.get("JWT_PRIVATE_KEY_FILE") or Path(settings.VAR_DIR) / "keys" / PRIVATE_KEY_NAME).read_text()
    now = int(time.time())
    claims = {
        "token_type": token_type,
        "exp": now + lifetime_seconds,
        "iat": now,
        "jti": uuid.uuid4().hex,
        "iss": TOKEN_ISSUER,
        "user_id": user_id,
        "email": email,
        "full_name": full_name,
        "roles": roles or [],
    }
    return jwt.encode(claims, private_pem, algorithm="RS256")


@pytest.fixture
def make_token():
    return access_token_for


def drain_task_messages(app, queue_name: str, *, timeout: float = 3.0, until=None) -> list[dict]:
    """Consume (and ack) the Celery messages waiting on ``queue_name``.

    Returns each as ``{"task", "id", "args", "kwargs", "headers"}``. Stops when
    the queue stays empty for ``timeout`` seconds, or as soon as ``until(messages)``
    is true.
    """
    import queue as queue_module
    import time

    from tts_common.routing import plain_queue

    found: list[dict] = []
    with app.connection_for_read() as connection:
        simple = connection.SimpleQueue(plain_queue(queue_name))
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                try:
                    message = simple.get(block=True, timeout=0.2)
                except queue_module.Empty:
                    continue
                body = message.decode()
                message.ack()
                args, kwargs = (body[0], body[1]) if isinstance(body, list) else (body.get("args", []), body.get("kwargs", {}))
                found.append(
                    {
                        "task": message.headers.get("task"),
                        "id": message.headers.get("id"),
                        "args": args,
                        "kwargs": kwargs,
                        "headers": message.headers,
                        "body": body,
                    }
                )
                if until and until(found):
                    break
                deadline = time.monotonic() + timeout
        finally:
            simple.close()
    return found


@pytest.fixture
def configured_rabbitmq_app(rabbitmq_url):
    """The service's own Celery app, when this run configured it for RabbitMQ.

    ``make test`` sets ``CELERY_BROKER_URL`` in its real-services pass, so
    these tests go through exactly the path production takes.
    """
    from celery import current_app

    if not str(current_app.conf.broker_url).startswith("amqp"):
        unavailable("CELERY_BROKER_URL does not point at RabbitMQ in this run (make test's real-services pass sets it)")
    return current_app


def database_url_of_the_test_database() -> str:
    """The URL of the database this test run uses, for processes a test starts (workers, daphne)."""
    from django.conf import settings
    from django.db import connection

    db = settings.DATABASES["default"]
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgresql://{db['USER']}:{db.get('PASSWORD') or ''}@{host}:{port}/{connection.settings_dict['NAME']}"


def database_connection_terminate() -> int:
    """What a PostgreSQL restart does to this process's Django connection: its backend is terminated from
    another connection (the next query on it fails with ``OperationalError``). Returns the backend's pid."""
    import psycopg
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [pid] = cursor.fetchone()
    with psycopg.connect(database_url_of_the_test_database(), autocommit=True) as other:
        [terminated] = other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()
    assert terminated, f"backend {pid} was not terminated"
    return pid


@contextmanager
def celery_workers(
    service_dir: Path, *, broker_url: str, queues: list[str], logs: list[Path], concurrency: int = 1, env: dict | None = None
):
    """Real ``celery worker`` processes of the service in ``service_dir``, one per log file, on the test
    database and ``broker_url`` (``env`` added to their environment); yields them, stops them on exit."""
    from django.conf import settings

    environment = {
        **os.environ,
        "DATABASE_URL": database_url_of_the_test_database(),
        "CELERY_BROKER_URL": broker_url,
        "TTS_VAR_DIR": str(settings.VAR_DIR),
        **(env or {}),
    }
    processes = []
    try:
        for number, log in enumerate(logs):
            name = f"test-worker-{number}-{os.getpid()}-{time.monotonic_ns()}@%h"
            command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", ",".join(queues)]
            command += ["--concurrency", str(concurrency), "-n", name, "--without-gossip", "--without-mingle", "--loglevel", "INFO"]
            with log.open("w") as output:
                processes.append(subprocess.Popen(command, cwd=service_dir, env=environment, stdout=output, stderr=subprocess.STDOUT))  # noqa: S603 (our own celery)
        yield processes
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_until(condition, *, timeout: float = 60, interval: float = 0.2, message: str = "condition", log: Path | None = None) -> None:
    """Poll ``condition`` until it is true; fail naming ``message`` (and the tail of ``log``) after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    tail = f"\nworker log:\n{log.read_text()[-4000:]}" if log and log.exists() else ""
    raise AssertionError(f"timed out waiting for {message}{tail}")
