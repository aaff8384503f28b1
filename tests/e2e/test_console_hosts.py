"""The console from any address, live or honestly not (issue 14, item 1), against the running suite.

``frontend/e2e/hosts.browser.mjs`` opens the console at http://127.0.0.3:<console port> in headless
Chromium: it goes live there, says so in words while the suite's messaging process is stopped (and still
shows a new assignment within 35 s by polling), and goes live again when messaging is back. The other
tests check TTS_PUBLIC_HOSTS where it is read: a request for an unknown host name is answered under the
`make run` default (the suite runs with it) and refused with production settings, by `vite preview` and
by a service.
"""

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.browser import node_browser_tests
from tests.e2e.flows import ADMIN
from tests.e2e.suite import ROOT

pytestmark = pytest.mark.integration

BROWSER_TESTS = 3  # in frontend/e2e/hosts.browser.mjs: all must run and pass
UNKNOWN_HOST = "intruder.example"
PUBLIC_HOST = "tts.example.org"


def status_for_host(base_url: str, host: str, path: str = "/") -> int:
    """The status of GET ``path`` on ``base_url``'s server with the Host header ``host``."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": host})
        return connection.getresponse().status
    finally:
        connection.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_console_at_another_address_is_live_and_says_so_when_it_is_not(suite):
    config = Path(suite.env["TTS_VAR_DIR"]) / "supervisord.conf"
    env = {
        "CONSOLE_URL": suite.console.replace("127.0.0.1", "127.0.0.3"),
        "WORKFLOW_URL": suite.workflow,
        "TICKET_MOCK_URL": suite.ticket_mock,
        "TTS_ADMIN_EMAIL": ADMIN[0],
        "TTS_ADMIN_PASSWORD": ADMIN[1],
        "TTS_SUPERVISORCTL": str(Path(sys.executable).parent / "supervisorctl"),
        "TTS_SUPERVISORD_CONF": str(config),
    }
    node_browser_tests(suite, "e2e/hosts.browser.mjs", tests=BROWSER_TESTS, env=env, timeout=420, what="the console-hosts test")


def test_under_the_make_run_default_any_host_name_is_answered(suite):
    # the suite runs as `make run` does: TTS_PUBLIC_HOSTS unset
    assert not suite.env.get("TTS_PUBLIC_HOSTS")
    assert status_for_host(suite.console, UNKNOWN_HOST) == 200
    assert status_for_host(suite.console, UNKNOWN_HOST, "/svc/workflow/health/") == 200
    for base in suite.services.values():
        assert status_for_host(base, UNKNOWN_HOST, "/health/") == 200, base


@pytest.fixture
def production_preview(suite):
    """`vite preview` (the suite's built console) with production settings naming one public host; its URL."""
    node = shutil.which("node")
    assert node, "Node.js is needed for vite preview"
    port = free_port()
    env = {**suite.env, "DJANGO_ENV": "production", "TTS_PUBLIC_HOSTS": PUBLIC_HOST}
    command = [node, "node_modules/.bin/vite", "preview", "--host", "127.0.0.1", "--port", str(port), "--strictPort"]
    process = subprocess.Popen(
        command, cwd=ROOT / "frontend", env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, process.stdout.read().decode(errors="replace")
            try:
                status_for_host(url, "localhost")
                break
            except OSError:
                time.sleep(0.5)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def test_with_production_settings_the_console_refuses_an_unknown_host(production_preview):
    assert status_for_host(production_preview, UNKNOWN_HOST) == 403  # vite's "Blocked request"
    assert status_for_host(production_preview, PUBLIC_HOST) == 200
    assert status_for_host(production_preview, "10.1.2.3") == 200  # vite always answers IP addresses


def test_with_production_settings_vite_preview_will_not_start_without_the_setting(suite):
    env = {**suite.env, "DJANGO_ENV": "production"}
    env.pop("TTS_PUBLIC_HOSTS", None)
    command = [shutil.which("node") or "node", "node_modules/.bin/vite", "preview", "--port", str(free_port()), "--strictPort"]
    result = subprocess.run(command, cwd=ROOT / "frontend", env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode != 0
    assert "TTS_PUBLIC_HOSTS must be set when DJANGO_ENV=production" in result.stdout + result.stderr


def production_service_env(suite, **extra) -> dict:
    return {
        **suite.env,
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "e2e-production-check",
        "JWT_PUBLIC_KEY_FILE": str(Path(suite.env["TTS_VAR_DIR"]) / "keys" / "jwt_public.pem"),
        **extra,
    }


HOST_PROBE = (
    "from django.test import Client; client = Client(); "
    f"print(client.get('/health/', HTTP_HOST={UNKNOWN_HOST!r}).status_code, client.get('/health/', HTTP_HOST={PUBLIC_HOST!r}).status_code)"
)


def test_with_production_settings_a_service_refuses_an_unknown_host(suite):
    # workflow_api's own settings on the suite's database, as a production deployment would run them
    env = production_service_env(suite, TTS_PUBLIC_HOSTS=PUBLIC_HOST)
    command = [sys.executable, "manage.py", "shell", "-c", HOST_PROBE]
    result = subprocess.run(
        command, cwd=ROOT / "services" / "workflow_api", env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split()[-2:] == ["400", "200"], result.stdout


def test_with_production_settings_a_service_will_not_start_without_the_setting(suite):
    env = production_service_env(suite)
    env.pop("TTS_PUBLIC_HOSTS", None)
    command = [sys.executable, "manage.py", "check"]
    result = subprocess.run(
        command, cwd=ROOT / "services" / "workflow_api", env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode != 0
    assert "TTS_PUBLIC_HOSTS must be set when DJANGO_ENV=production" in result.stderr
