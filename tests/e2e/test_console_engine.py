"""Issue 13 in the console, in headless Chromium against the running suite (frontend/e2e/engine.browser.mjs).

An administrator builds a business-hours calendar and a 2-of-3 approval step in the workflow editor and
deploys it; three agents approve, reject and approve on the task page while the tally follows, and the
task moves on; its next assignee holds it (reason in the dialog, the banner), resumes it, resolves it and
reads the SLA outcome; the dashboard's SLA met panel counts it. Run by hand: ``cd frontend && node --test
e2e/engine.browser.mjs`` with CONSOLE_URL, AUTH_URL, WORKFLOW_URL and TICKET_MOCK_URL set to a running suite.
"""

import os

import pytest

from tests.e2e.browser import node_browser_tests
from tests.e2e.flows import ADMIN

pytestmark = pytest.mark.integration

TESTS = 4  # in frontend/e2e/engine.browser.mjs: all must run and pass


def test_the_engine_walked_in_the_console(suite):
    env = {
        "WORKFLOW_URL": suite.workflow,
        "TICKET_MOCK_URL": suite.ticket_mock,
        "TTS_ADMIN_EMAIL": ADMIN[0],
        "TTS_ADMIN_PASSWORD": ADMIN[1],
        "SCREENSHOT_DIR": os.environ.get("TTS_SCREENSHOT_DIR", ""),
    }
    node_browser_tests(suite, "e2e/engine.browser.mjs", tests=TESTS, env=env, timeout=600, what="the engine walk")
