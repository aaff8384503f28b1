"""One session across two console tabs, in headless Chromium against the running suite (frontend/e2e/tabs.browser.mjs).

Two tabs of one signed-in person are forced to refresh at the same moment 20 times; the Node test fails
on a sign-out, on more than one refresh a round, or when the last pair no longer refreshes (reuse
detection tripped). Then 10 rounds without Web Locks (the BroadcastChannel fallback): no sign-out.
Run by hand: ``cd frontend && node --test e2e/tabs.browser.mjs`` with CONSOLE_URL and AUTH_URL set
to a running suite.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.flows import DEMO_PASSWORD
from tts_common.testing import unavailable

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ROUNDS = 20
TESTS = 4  # in frontend/e2e/tabs.browser.mjs (Web Locks, then the BroadcastChannel fallback): all must run and pass


def test_two_tabs_refreshing_at_once_never_sign_out(suite):
    if not Path(CHROMIUM).exists():
        unavailable(f"Chromium is not installed at {CHROMIUM} (scripts/install_browser.sh installs Debian's)")
    node = shutil.which("node")
    assert node, "Node.js is needed for the browser test"
    env = {
        **suite.env,
        "CONSOLE_URL": suite.console,
        "AUTH_URL": suite.auth,
        "TTS_DEMO_PASSWORD": DEMO_PASSWORD,
        "TTS_TABS_ROUNDS": str(ROUNDS),
        "CHROMIUM_PATH": CHROMIUM,
    }
    run = subprocess.run(
        [node, "--test", "--test-reporter=spec", "e2e/tabs.browser.mjs"],
        cwd=ROOT / "frontend",
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = run.stdout[-12000:] + run.stderr[-4000:]
    print(report)
    assert run.returncode == 0, f"the two-tab test failed:\n{report}\n(suite log: {suite.log})"
    counts = dict(re.findall(r"^\S+ (pass|fail|skipped|cancelled) (\d+)$", run.stdout, re.MULTILINE))
    assert counts == {"pass": str(TESTS), "fail": "0", "skipped": "0", "cancelled": "0"}, report
