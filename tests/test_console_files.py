"""The console is wired into the two commands: make run builds and serves it, make test checks it."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_procfile_serves_the_built_console_on_console_port():
    lines = dict(line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line.strip())
    console = lines["console"]
    assert "vite preview" in console
    assert "--port ${CONSOLE_PORT:-1000}" in console
    assert "--strictPort" in console


def test_the_proxy_table_reaches_every_service_by_its_port_variable():
    table = (ROOT / "frontend" / "proxy.config.ts").read_text()
    for prefix, variable, port in [
        ("/svc/auth", "AUTH_PORT", 8003),
        ("/svc/workflow", "WORKFLOW_PORT", 8002),
        ("/svc/messaging", "MESSAGING_PORT", 8005),
        ("/svc/notification", "NOTIFICATION_PORT", 8006),
        ("/svc/tickets", "TICKET_MOCK_PORT", 8004),
    ]:
        assert re.search(rf'prefix: "{prefix}".*portVariable: "{variable}", port: {port}', table), prefix


def test_the_console_pins_react_18_and_records_no_download_addresses():
    package = json.loads((ROOT / "frontend" / "package.json").read_text())
    assert package["dependencies"]["react"].startswith("^18")
    lock = (ROOT / "frontend" / "package-lock.json").read_text()
    assert '"resolved"' not in lock
