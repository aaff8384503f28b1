"""The running suite is served by real application servers, static files included, and supervised."""

import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

SERVER_OF = {"auth": "gunicorn", "workflow_api": "gunicorn", "ticket_mock": "gunicorn", "notification": "gunicorn", "messaging": "uvicorn"}


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback URLs only)
        return response.status, {key.lower(): value for key, value in response.headers.items()}, response.read().decode(errors="replace")


@pytest.mark.parametrize("service", sorted(SERVER_OF))
def test_the_admin_pages_load_their_stylesheets_from_the_real_server(suite, service):
    base = suite.services[service]
    status, headers, page = fetch(f"{base}/admin/login/")
    assert status == 200
    assert headers.get("server", "").startswith(SERVER_OF[service]), headers.get("server")  # not Django's WSGIServer
    stylesheets = re.findall(r'<link[^>]+href="(/static/[^"]+\.css)"', page)
    assert stylesheets, "the admin page links no stylesheet"
    for path in stylesheets:
        status, headers, _ = fetch(f"{base}{path}")
        assert status == 200 and headers["content-type"].startswith("text/css"), path


def test_swagger_ui_is_served(suite):
    status, _, page = fetch(f"{suite.auth}/api/docs/")
    assert status == 200 and "swagger" in page.lower()


def test_supervisorctl_lists_every_procfile_process_running(suite):
    config = Path(suite.env["TTS_VAR_DIR"]) / "supervisord.conf"
    supervisorctl = Path(sys.executable).parent / "supervisorctl"
    status = subprocess.run([str(supervisorctl), "-c", str(config), "status"], capture_output=True, text=True, timeout=30, check=False)
    states = dict(line.split()[:2] for line in status.stdout.splitlines() if line.strip())
    procfile = Path(__file__).resolve().parents[2] / "Procfile"
    names = [line.split(":", 1)[0] for line in procfile.read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert {f"tts:{name}" for name in names} == set(states), status.stdout
    assert set(states.values()) == {"RUNNING"}, status.stdout
