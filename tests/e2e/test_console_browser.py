"""The console walked in headless Chromium against the running suite (frontend/e2e/walk.test.mjs).

The walk itself is a Node test (playwright-core driving Debian's Chromium); this test runs it against
the suite the other end-to-end tests use and fails with its report when any step fails. Set
TTS_SCREENSHOT_DIR to keep the screenshots it takes of the main pages (docs/screenshots/ is made so).
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.flows import ADMIN, DEMO_PASSWORD
from tts_common.testing import unavailable

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
WALK_TIMEOUT = 600
WALK_STEPS = 7  # the tests in frontend/e2e/walk.test.mjs: all of them must run and pass


def test_the_console_walk_in_a_browser(suite):
    if not Path(CHROMIUM).exists():
        unavailable(f"Chromium is not installed at {CHROMIUM} (scripts/install_browser.sh installs Debian's)")
    node = shutil.which("node")
    assert node, "Node.js is needed for the browser walk"
    env = {
        **suite.env,
        "CONSOLE_URL": suite.console,
        "AUTH_URL": suite.auth,
        "WORKFLOW_URL": suite.workflow,
        "TICKET_MOCK_URL": suite.ticket_mock,
        "TTS_ADMIN_EMAIL": ADMIN[0],
        "TTS_ADMIN_PASSWORD": ADMIN[1],
        "TTS_DEMO_PASSWORD": DEMO_PASSWORD,
        "CHROMIUM_PATH": CHROMIUM,
        "SCREENSHOT_DIR": os.environ.get("TTS_SCREENSHOT_DIR", ""),
    }
    walk = subprocess.run(
        [node, "--test", "--test-reporter=spec", "e2e/"],
        cwd=ROOT / "frontend",
        env=env,
        capture_output=True,
        text=True,
        timeout=WALK_TIMEOUT,
        check=False,
    )
    report = walk.stdout[-12000:] + walk.stderr[-4000:]
    print(report)
    assert walk.returncode == 0, f"the browser walk failed:\n{report}\n(suite log: {suite.log})"
    counts = dict(re.findall(r"^\S+ (pass|fail|skipped|cancelled) (\d+)$", walk.stdout, re.MULTILINE))
    assert counts == {"pass": str(WALK_STEPS), "fail": "0", "skipped": "0", "cancelled": "0"}, report
