"""Both colour themes of the console in headless Chromium against the running suite (issue 15 item 8).

``frontend/e2e/themes.browser.mjs`` walks every page twice in the dark theme: as an agent whose system asks for
dark colours (``prefers-color-scheme`` emulated, no choice made) and as an administrator who picks Dark with the
header's toggle. axe-core finds no serious or critical violation (colour contrast included) on any page; Light
overrides a dark system and survives a reload; a stored choice is on screen with the console's scripts refused
(no light flash); the dashboard's charts and the workflow graph follow the theme. The light theme's pages are
audited by ``test_console_a11y.py``. Set TTS_SCREENSHOT_DIR to keep screenshots of the dark pages.
"""

import os

import pytest

from tests.e2e.browser import node_browser_tests
from tests.e2e.flows import ADMIN
from tests.e2e.suite import ROOT

pytestmark = pytest.mark.integration

BROWSER_TESTS = 2  # in frontend/e2e/themes.browser.mjs: all must run and pass
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"


def test_both_themes_have_no_serious_accessibility_violation(suite):
    assert AXE.exists(), f"axe-core is missing: `npm ci` in frontend/ installs it ({AXE})"
    env = {
        "WORKFLOW_URL": suite.workflow,
        "TICKET_MOCK_URL": suite.ticket_mock,
        "TTS_ADMIN_EMAIL": ADMIN[0],
        "TTS_ADMIN_PASSWORD": ADMIN[1],
        "AXE_PATH": str(AXE),
        "SCREENSHOT_DIR": os.environ.get("TTS_SCREENSHOT_DIR", ""),
    }
    node_browser_tests(suite, "e2e/themes.browser.mjs", tests=BROWSER_TESTS, env=env, timeout=900, what="the theme pass")
