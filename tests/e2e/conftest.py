"""The running suite, started exactly as `make run` starts it, on the real servers.

It runs on its own ports (10000 above the contract's), its own databases
(suffix ``_e2e``, dropped first) and its own ``var/`` folder, so it never
meets a developer's `make run`.
"""

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import pytest

from tests.e2e.http import call
from tts_common.testing import answers, unavailable

ROOT = Path(__file__).resolve().parents[2]
SUFFIX = "_e2e"
PORTS = {"AUTH_PORT": 18003, "TICKET_MOCK_PORT": 18004}
DATABASES = ["authservice", "ticketmanagement"]
START_TIMEOUT = 240


@dataclass(frozen=True)
class Suite:
    auth: str
    ticket_mock: str
    broker_url: str
    log: Path


def _drop_databases(server_url: str) -> None:
    parts = urlsplit(server_url)
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres", password=parts.password, dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        for name in DATABASES:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}{SUFFIX}" WITH (FORCE)')
    connection.close()


def _wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the suite exited early; see {log}:\n{log.read_text()[-3000:]}")
        try:
            if call("get", f"{url}/health/", timeout=2).status == 200:
                return
        except OSError:
            pass
        time.sleep(1)
    pytest.fail(f"{url} never became healthy; see {log}")


@pytest.fixture(scope="session")
def suite(rabbitmq_url, redis_url, tmp_path_factory):
    postgres_url = os.environ.get("TTS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
    if not answers(postgres_url, 5432):
        unavailable(f"PostgreSQL does not answer at {postgres_url}")
    _drop_databases(postgres_url)
    var_dir = tmp_path_factory.mktemp("suite-var")
    log = var_dir / "suite.log"
    env = {
        **os.environ,
        "TTS_VAR_DIR": str(var_dir),
        "TTS_POSTGRES_URL": postgres_url,
        "TTS_DATABASE_SUFFIX": SUFFIX,
        "CELERY_BROKER_URL": rabbitmq_url,
        "REDIS_URL": redis_url,
        **{name: str(port) for name, port in PORTS.items()},
    }
    env.pop("DATABASE_URL", None)
    with log.open("w") as output:
        process = subprocess.Popen(
            ["bash", str(ROOT / "scripts" / "run.sh")], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    suite = Suite(
        auth=f"http://127.0.0.1:{PORTS['AUTH_PORT']}",
        ticket_mock=f"http://127.0.0.1:{PORTS['TICKET_MOCK_PORT']}",
        broker_url=rabbitmq_url,
        log=log,
    )
    try:
        _wait_healthy(suite.auth, process, log)
        _wait_healthy(suite.ticket_mock, process, log)
        yield suite
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
