"""The console walked in headless Chromium against the running suite (frontend/e2e/walk.test.mjs).

The walk itself is a Node test (playwright-core driving Debian's Chromium); this test runs it against
the suite the other end-to-end tests use and fails with its report when any step fails. Set
TTS_SCREENSHOT_DIR to keep the screenshots it takes of the main pages (docs/screenshots/ is made so).
"""

import os

import pytest

from tests.e2e.browser import node_browser_tests
from tests.e2e.flows import ADMIN

pytestmark = pytest.mark.integration

WALK_TIMEOUT = 600
WALK_STEPS = 7  # the tests in frontend/e2e/walk.test.mjs: all of them must run and pass


def test_the_console_walk_in_a_browser(suite):
    env = {
        "WORKFLOW_URL": suite.workflow,
        "TICKET_MOCK_URL": suite.ticket_mock,
        "TTS_ADMIN_EMAIL": ADMIN[0],
        "TTS_ADMIN_PASSWORD": ADMIN[1],
        "SCREENSHOT_DIR": os.environ.get("TTS_SCREENSHOT_DIR", ""),
    }
    node_browser_tests(suite, "e2e/", tests=WALK_STEPS, env=env, timeout=WALK_TIMEOUT, what="the browser walk")
