"""The running suite, started exactly as `make run` starts it (``scripts/run.sh``), or one already running.

Used by the end-to-end tests (``tests/e2e/conftest.py``) and the fault script
(``bench/faults.py``). A suite started here has its own ports (the contract's
plus an offset), its own logical databases (a suffix, dropped first), its own
RabbitMQ vhost (where ``rabbitmqctl`` is at hand) and its own ``var/`` folder,
so it never meets a developer's `make run` or another copy.
"""

import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2

ROOT = Path(__file__).resolve().parents[2]
# The contract's ports, by the variable that moves each.
CONTRACT_PORTS = {
    "AUTH_PORT": 8003,
    "WORKFLOW_PORT": 8002,
    "TICKET_MOCK_PORT": 8004,
    "NOTIFICATION_PORT": 8006,
    "MESSAGING_PORT": 8005,
    "CONSOLE_PORT": 1000,
}
# Logical database of each service (the contract's names; TTS_DATABASE_SUFFIX is appended).
DATABASES = {
    "auth": "authservice",
    "workflow_api": "workflowmanagement",
    "ticket_mock": "ticketmanagement",
    "notification": "notificationservice",
    "messaging": "messagingservice",
}
START_TIMEOUT = 240


PROC = Path("/proc")


class SuiteError(RuntimeError):
    """The suite exited while starting, or a service never answered its health check."""


@dataclass(frozen=True)
class Suite:
    """Where a running suite answers, and the environment it runs with.

    ``env`` is the environment of its processes (what a `manage.py` command
    needs to act on the same databases and broker); ``var_dir`` is its
    ``TTS_VAR_DIR``, which also tells its processes from any other copy's.
    """

    auth: str
    workflow: str
    ticket_mock: str
    notification: str
    messaging: str
    console: str
    env: dict
    broker_url: str
    log: Path
    postgres_url: str = ""
    database_suffix: str = ""
    var_dir: Path = ROOT / "var"

    @property
    def services(self) -> dict[str, str]:
        """Base URL of each service, by its folder name under services/."""
        return {
            "auth": self.auth,
            "workflow_api": self.workflow,
            "ticket_mock": self.ticket_mock,
            "notification": self.notification,
            "messaging": self.messaging,
        }

    def database_dsn(self, service: str) -> str:
        """libpq URL of ``service``'s logical database on the suite's PostgreSQL server."""
        parts = urlsplit(self.postgres_url)
        return urlunsplit((parts.scheme, parts.netloc, "/" + DATABASES[service] + self.database_suffix, "", ""))


@dataclass(frozen=True)
class Process:
    """One process as /proc shows it: id, parent's id, working directory, command line."""

    pid: int
    parent: int
    cwd: str
    argv: tuple[str, ...]


def _read_process(pid: int) -> tuple[Process, dict[str, str]] | None:
    folder = PROC / str(pid)
    try:
        argv = tuple(part.decode(errors="replace") for part in (folder / "cmdline").read_bytes().split(b"\0") if part)
        environ = (folder / "environ").read_bytes().split(b"\0")
        cwd = os.readlink(folder / "cwd")
        parent = int((folder / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None  # gone meanwhile, or not ours to read
    variables = dict(item.decode(errors="replace").split("=", 1) for item in environ if b"=" in item)
    return Process(pid, parent, cwd, argv), variables


def suite_processes(var_dir: Path) -> list[Process]:
    """Every process whose ``TTS_VAR_DIR`` is ``var_dir``: a suite's supervisor, its programs and their children."""
    wanted = str(var_dir)
    found = []
    for entry in PROC.iterdir():
        if entry.name.isdigit() and (read := _read_process(int(entry.name))) and read[1].get("TTS_VAR_DIR") == wanted:
            found.append(read[0])
    return found


def suite_ports(offset: int) -> dict[str, int]:
    """The contract's ports moved by ``offset``, by variable name."""
    return {name: port + offset for name, port in CONTRACT_PORTS.items()}


def _suite_at(ports: dict[str, int], *, env: dict, broker_url: str, log: Path) -> Suite:
    def url(name: str) -> str:
        return f"http://127.0.0.1:{ports[name]}"

    return Suite(
        auth=url("AUTH_PORT"),
        workflow=url("WORKFLOW_PORT"),
        ticket_mock=url("TICKET_MOCK_PORT"),
        notification=url("NOTIFICATION_PORT"),
        messaging=url("MESSAGING_PORT"),
        console=url("CONSOLE_PORT"),
        env=env,
        broker_url=broker_url,
        log=log,
        postgres_url=env.get("TTS_POSTGRES_URL", ""),
        database_suffix=env.get("TTS_DATABASE_SUFFIX", ""),
        var_dir=Path(env.get("TTS_VAR_DIR") or ROOT / "var"),
    )


def suite_from_environment(env: dict | None = None) -> Suite:
    """The suite a `make run` with this environment started (ports, databases, broker, var/ as it reads them)."""
    env = dict(os.environ if env is None else env)
    ports = {name: int(env.get(name) or port) for name, port in CONTRACT_PORTS.items()}
    var_dir = Path(env.get("TTS_VAR_DIR") or ROOT / "var")
    return _suite_at(ports, env=env, broker_url=env.get("CELERY_BROKER_URL", ""), log=var_dir / "suite.log")


def drop_databases(server_url: str, suffix: str) -> None:
    """Drop the five logical databases named with ``suffix`` (``scripts/run.sh`` creates them again)."""
    parts = urlsplit(server_url)
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres", password=parts.password, dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        for name in DATABASES.values():
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}{suffix}" WITH (FORCE)')
    connection.close()


def own_vhost(broker_url: str, vhost: str) -> str:
    """``broker_url`` moved to RabbitMQ vhost ``vhost`` (created), where rabbitmqctl is at hand; else ``broker_url``."""
    if not shutil.which("rabbitmqctl"):
        return broker_url
    subprocess.run(["rabbitmqctl", "add_vhost", vhost], capture_output=True, timeout=60, check=False)
    granted = subprocess.run(
        ["rabbitmqctl", "set_permissions", "-p", vhost, urlsplit(broker_url).username or "guest", ".*", ".*", ".*"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    if granted.returncode != 0:
        return broker_url
    parts = urlsplit(broker_url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + vhost, "", ""))


def answers_200(url: str, timeout: float = 2) -> bool:
    """True when GET ``url`` answers 200 (JSON or not: the console's page is HTML); False on any other answer or none."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback URLs only)
            return response.status == 200
    except (urllib.error.HTTPError, OSError):
        return False


def _wait_healthy(url: str, process: subprocess.Popen, log: Path, path: str = "/health/") -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SuiteError(f"the suite exited early; see {log}:\n{log.read_text()[-3000:]}")
        if answers_200(f"{url}{path}"):
            return
        time.sleep(1)
    raise SuiteError(f"{url} never became healthy; see {log}")


@contextmanager
def suite_started(
    *, postgres_url: str, broker_url: str, redis_url: str, var_dir: Path, database_suffix: str, port_offset: int
) -> Iterator[Suite]:
    """Start ``scripts/run.sh`` on fresh databases (suffix ``database_suffix``) and wait until every service is healthy.

    ``broker_url`` is used as given (see ``own_vhost``). Yields the Suite;
    stops every process on exit (SIGINT to the process group, SIGKILL after
    20 s). Raises SuiteError when the suite exits or does not become healthy
    within START_TIMEOUT seconds.
    """
    drop_databases(postgres_url, database_suffix)
    var_dir.mkdir(parents=True, exist_ok=True)
    log = var_dir / "suite.log"
    ports = suite_ports(port_offset)
    env = {
        **os.environ,
        "TTS_VAR_DIR": str(var_dir),
        "TTS_POSTGRES_URL": postgres_url,
        "TTS_DATABASE_SUFFIX": database_suffix,
        "CELERY_BROKER_URL": broker_url,
        "REDIS_URL": redis_url,
        **{name: str(port) for name, port in ports.items()},
    }
    env.pop("DATABASE_URL", None)
    with log.open("w") as output:
        process = subprocess.Popen(
            ["bash", str(ROOT / "scripts" / "run.sh")],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    suite = _suite_at(ports, env=env, broker_url=broker_url, log=log)
    try:
        for url in suite.services.values():
            _wait_healthy(url, process, log)
        _wait_healthy(suite.console, process, log, path="/")
        yield suite
    finally:
        _stop(process, var_dir)


def _stop(process: subprocess.Popen, var_dir: Path) -> None:
    """SIGINT to the suite's process group, SIGKILL after 20 s; then SIGKILL whatever of it is left anywhere
    (a supervisor puts its programs in process groups of their own, and they outlive a supervisor killed mid-stop)."""
    with suppress(ProcessLookupError):  # nothing of the group left
        os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    for leftover in suite_processes(var_dir):
        with suppress(ProcessLookupError):
            os.kill(leftover.pid, signal.SIGKILL)
