"""axe-core over every page of the console in headless Chromium against the running suite (issue 14).

``frontend/e2e/a11y.browser.mjs`` checks, as an agent, the sign-in page, the inbox, a task, the dashboard,
the notifications and the phone inbox and menu, and, as an administrator, every page (all tasks, users,
intake, workflows, the workflow editor new and saved, webhooks included): none may have a serious or
critical violation. axe-core is the console's dev dependency (``frontend/node_modules/axe-core``).
"""

import pytest

from tests.e2e.browser import node_browser_tests
from tests.e2e.flows import ADMIN
from tests.e2e.suite import ROOT

pytestmark = pytest.mark.integration

BROWSER_TESTS = 2  # in frontend/e2e/a11y.browser.mjs: all must run and pass
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"


def test_no_page_has_a_serious_accessibility_violation(suite):
    assert AXE.exists(), f"axe-core is missing: `npm ci` in frontend/ installs it ({AXE})"
    env = {
        "WORKFLOW_URL": suite.workflow,
        "TICKET_MOCK_URL": suite.ticket_mock,
        "TTS_ADMIN_EMAIL": ADMIN[0],
        "TTS_ADMIN_PASSWORD": ADMIN[1],
        "AXE_PATH": str(AXE),
    }
    node_browser_tests(suite, "e2e/a11y.browser.mjs", tests=BROWSER_TESTS, env=env, timeout=600, what="the accessibility pass")
