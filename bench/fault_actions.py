"""The faults the fault script injects: SIGKILL to one of the suite's processes, RabbitMQ and PostgreSQL stopped.

A suite's processes are told from any other copy's by their environment
(``TTS_VAR_DIR``) and identified by their working directory (the service's
folder) and command line, so this works whatever supervises them (honcho,
supervisord, a shell). The servers are stopped with their own tools and
always started again, also when the caller fails or is interrupted.
Needs root (pg_ctlcluster, rabbitmqctl, reading other processes' environment).
"""

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.suite import PROC, Process, suite_processes


@dataclass(frozen=True)
class Role:
    """A kind of process of the suite: the service folder it runs in and what its command line holds."""

    name: str
    service: str
    matches: Callable[[tuple[str, ...]], bool]


def _is_celery(argv: tuple[str, ...], command: str) -> bool:
    return command in argv and any(Path(part).name == "celery" for part in argv)


# The intake worker by its node name: workflow-webhooks is a celery worker of workflow_api too.
WORKFLOW_WORKER = Role("workflow-worker", "workflow_api", lambda argv: _is_celery(argv, "worker") and "workflow@%h" in argv)


def relay_role(service: str) -> Role:
    """The ``relay_outbox`` loop of ``service`` (a folder under services/)."""
    return Role(f"{service}-outbox", service, lambda argv: "relay_outbox" in argv)


def role_processes(var_dir: Path, role: Role, repository: Path) -> list[Process]:
    """The main processes of ``role`` in the suite of ``var_dir`` (not their forked children, which share the command line)."""
    folder = str(repository / "services" / role.service)
    candidates = [process for process in suite_processes(var_dir) if process.cwd == folder and role.matches(process.argv)]
    pids = {process.pid for process in candidates}
    return [process for process in candidates if process.parent not in pids]


def kill_tree(pid: int) -> int:
    """SIGKILL ``pid`` and every descendant of it, as an out-of-memory kill would; returns how many were killed."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    doomed, stack = [], [pid]
    while stack:
        current = stack.pop()
        doomed.append(current)
        stack.extend(children.get(current, []))
    killed = 0
    for target in doomed:
        try:
            os.kill(target, signal.SIGKILL)
            killed += 1
        except ProcessLookupError:
            pass
    return killed


def _run(command: list[str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)


def postgres_version() -> str:
    """The cluster version Debian's pg_ctlcluster manages (the only folder of /etc/postgresql)."""
    return sorted(path.name for path in Path("/etc/postgresql").iterdir())[-1]


def missing_tools() -> list[str]:
    """What this machine lacks to inject every fault (empty when all is there)."""
    missing = [tool for tool in ("pg_ctlcluster", "pg_isready", "rabbitmqctl") if not shutil.which(tool)]
    if os.geteuid() != 0:
        missing.append("root (pg_ctlcluster, rabbitmqctl and reading other processes' environment need it)")
    if not Path("/etc/postgresql").is_dir():
        missing.append("a Debian PostgreSQL cluster under /etc/postgresql")
    return missing


def postgres_answers() -> bool:
    return _run(["pg_isready", "-q", "-h", "127.0.0.1"], timeout=10).returncode == 0


def rabbitmq_answers() -> bool:
    return _run(["rabbitmqctl", "-q", "await_startup", "--timeout", "5"], timeout=30).returncode == 0


def _pg_ctlcluster(action: str) -> None:
    done = _run(["pg_ctlcluster", "--skip-systemctl-redirect", postgres_version(), "main", action])
    if done.returncode != 0 and "already running" not in done.stderr:
        raise RuntimeError(f"pg_ctlcluster {action}: {done.stderr.strip() or done.stdout.strip()}")


def _wait_for(check: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return False


@contextmanager
def postgres_stopped() -> Iterator[None]:
    """PostgreSQL stopped (fast shutdown: every client is disconnected) for the body; started again, even on error."""
    _pg_ctlcluster("stop")
    try:
        yield
    finally:
        _pg_ctlcluster("start")
        if not _wait_for(postgres_answers, 60):
            raise RuntimeError("PostgreSQL does not answer pg_isready 60 s after pg_ctlcluster start")


@contextmanager
def rabbitmq_stopped() -> Iterator[None]:
    """RabbitMQ's application stopped for the body (the Erlang VM, vhosts and durable messages stay); started again, even on error."""
    stopped = _run(["rabbitmqctl", "-q", "stop_app"])
    if stopped.returncode != 0:
        raise RuntimeError(f"rabbitmqctl stop_app: {stopped.stderr.strip()}")
    try:
        yield
    finally:
        started = _run(["rabbitmqctl", "-q", "start_app"], timeout=180)
        if started.returncode != 0 or not _wait_for(rabbitmq_answers, 60):
            raise RuntimeError(f"RabbitMQ did not start again: {started.stderr.strip()}")


def queue_depths(vhost: str) -> dict[str, int]:
    """Messages (ready and unacknowledged) in each queue of ``vhost``; empty when RabbitMQ does not answer."""
    listed = _run(["rabbitmqctl", "-q", "list_queues", "-p", vhost, "name", "messages", "--no-table-headers"], timeout=30)
    if listed.returncode != 0:
        return {}
    depths = {}
    for line in listed.stdout.splitlines():
        name, _, count = line.rpartition("\t")
        if name and count.strip().isdigit():
            depths[name] = int(count)
    return depths
