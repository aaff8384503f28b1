"""The running suite, started exactly as `make run` starts it, on the real servers.

It runs on its own ports (10000 above the contract's), its own databases
(suffix ``_e2e``, dropped first) and its own ``var/`` folder, so it never
meets a developer's `make run`. ``TTS_E2E_PORT_OFFSET`` (default 10000) and
``TTS_E2E_SUFFIX`` (default ``_e2e``, also naming the RabbitMQ vhost) let two
copies run side by side.
"""

import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest

from tts_common.testing import answers, unavailable

ROOT = Path(__file__).resolve().parents[2]
SUFFIX = os.environ.get("TTS_E2E_SUFFIX") or "_e2e"
PORT_OFFSET = int(os.environ.get("TTS_E2E_PORT_OFFSET") or 10000)
PORTS = {
    "AUTH_PORT": 8003 + PORT_OFFSET,
    "WORKFLOW_PORT": 8002 + PORT_OFFSET,
    "TICKET_MOCK_PORT": 8004 + PORT_OFFSET,
    "NOTIFICATION_PORT": 8006 + PORT_OFFSET,
    "MESSAGING_PORT": 8005 + PORT_OFFSET,
    "CONSOLE_PORT": 1000 + PORT_OFFSET,
}
DATABASES = ["authservice", "workflowmanagement", "ticketmanagement", "notificationservice", "messagingservice"]
VHOST = "tts" + SUFFIX
START_TIMEOUT = 240


@dataclass(frozen=True)
class Suite:
    auth: str
    workflow: str
    ticket_mock: str
    notification: str
    messaging: str
    console: str
    env: dict
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


def _answers_200(url: str) -> bool:
    """200 for GET ``url`` (JSON or not: the console's page is HTML)."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback URLs only)
            return response.status == 200
    except urllib.error.HTTPError:
        return False


def _wait_healthy(url: str, process: subprocess.Popen, log: Path, path: str = "/health/") -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the suite exited early; see {log}:\n{log.read_text()[-3000:]}")
        try:
            if _answers_200(f"{url}{path}"):
                return
        except OSError:
            pass
        time.sleep(1)
    pytest.fail(f"{url} never became healthy; see {log}")


def _own_vhost(broker_url: str) -> str:
    """A RabbitMQ vhost of the suite's own, where rabbitmqctl is at hand; else the given broker."""
    if not shutil.which("rabbitmqctl"):
        return broker_url
    subprocess.run(["rabbitmqctl", "add_vhost", VHOST], capture_output=True, timeout=60, check=False)
    granted = subprocess.run(
        ["rabbitmqctl", "set_permissions", "-p", VHOST, urlsplit(broker_url).username or "guest", ".*", ".*", ".*"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    if granted.returncode != 0:
        return broker_url
    parts = urlsplit(broker_url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + VHOST, "", ""))


@pytest.fixture(scope="session")
def suite(rabbitmq_url, redis_url, tmp_path_factory):
    postgres_url = os.environ.get("TTS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
    if not answers(postgres_url, 5432):
        unavailable(f"PostgreSQL does not answer at {postgres_url}")
    _drop_databases(postgres_url)
    broker_url = _own_vhost(rabbitmq_url)
    var_dir = tmp_path_factory.mktemp("suite-var")
    log = var_dir / "suite.log"
    env = {
        **os.environ,
        "TTS_VAR_DIR": str(var_dir),
        "TTS_POSTGRES_URL": postgres_url,
        "TTS_DATABASE_SUFFIX": SUFFIX,
        "CELERY_BROKER_URL": broker_url,
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
        workflow=f"http://127.0.0.1:{PORTS['WORKFLOW_PORT']}",
        ticket_mock=f"http://127.0.0.1:{PORTS['TICKET_MOCK_PORT']}",
        notification=f"http://127.0.0.1:{PORTS['NOTIFICATION_PORT']}",
        messaging=f"http://127.0.0.1:{PORTS['MESSAGING_PORT']}",
        console=f"http://127.0.0.1:{PORTS['CONSOLE_PORT']}",
        env=env,
        broker_url=broker_url,
        log=log,
    )
    try:
        for url in (suite.auth, suite.workflow, suite.ticket_mock, suite.notification, suite.messaging):
            _wait_healthy(url, process, log)
        _wait_healthy(suite.console, process, log, path="/")
        yield suite
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
