"""Node browser tests (playwright-core driving Debian's Chromium, under frontend/e2e/) run against the suite."""

import os
import re
import shutil
import subprocess
from pathlib import Path

from tests.e2e.flows import DEMO_PASSWORD
from tts_common.testing import unavailable

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def node_browser_tests(suite, target: str, *, tests: int, env: dict[str, str], timeout: float, what: str) -> str:
    """Run ``node --test`` on ``target`` (relative to frontend/) with the suite's URLs and ``env``; return its report.

    Skips (or fails under REQUIRE_SERVICES=1) without Chromium. Fails with the report unless exactly
    ``tests`` Node tests ran and passed (none failed, skipped or cancelled); ``what`` names the run there.
    """
    if not Path(CHROMIUM).exists():
        unavailable(f"Chromium is not installed at {CHROMIUM} (scripts/install_browser.sh installs Debian's)")
    node = shutil.which("node")
    assert node, f"Node.js is needed for {what}"
    env = {
        **suite.env,
        "CONSOLE_URL": suite.console,
        "AUTH_URL": suite.auth,
        "TTS_DEMO_PASSWORD": DEMO_PASSWORD,
        "CHROMIUM_PATH": CHROMIUM,
        **env,
    }
    run = subprocess.run(
        [node, "--test", "--test-reporter=spec", target],
        cwd=ROOT / "frontend",
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    report = run.stdout[-12000:] + run.stderr[-4000:]
    print(report)
    assert run.returncode == 0, f"{what} failed:\n{report}\n(suite log: {suite.log})"
    counts = dict(re.findall(r"^\S+ (pass|fail|skipped|cancelled) (\d+)$", run.stdout, re.MULTILINE))
    assert counts == {"pass": str(tests), "fail": "0", "skipped": "0", "cancelled": "0"}, report
    return report
