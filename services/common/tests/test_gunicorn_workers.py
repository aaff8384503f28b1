"""A gunicorn master killed with SIGKILL takes its workers along (tts_common.gunicorn.post_fork)."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux only")

APP = """
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(child) for child in found]


def _wait(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_uvicorn_workers_exit_and_free_the_port_when_the_master_is_killed(tmp_path: Path):
    (tmp_path / "asgi_app.py").write_text(APP)
    port = _free_port()
    environment = {
        **os.environ,
        "GUNICORN_WORKER_CLASS": "uvicorn_worker.UvicornWorker",
        "GUNICORN_WORKERS": "2",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path]),
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "python:tts_common.gunicorn", "--bind", f"127.0.0.1:{port}"]
    master = subprocess.Popen(
        [*command, "asgi_app:app"], cwd=tmp_path, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    workers: list[int] = []
    try:
        assert _wait(lambda: _answers(port) and len(_children(master.pid)) == 2, 30), "gunicorn did not start"
        workers = _children(master.pid)

        master.kill()
        master.wait(5)

        assert _wait(lambda: not any(Path(f"/proc/{pid}").exists() for pid in workers), 10), "workers outlived the master"
        assert not _answers(port)
    finally:
        for pid in [master.pid, *workers]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
