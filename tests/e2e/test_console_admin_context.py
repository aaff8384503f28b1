"""Issue 14 items 7 and 8 in the console, in headless Chromium against the running suite
(frontend/e2e/admin_context.browser.mjs).

An administrator transfers a Triage task in the searchable, keyboard-driven Transfer combobox, which offers only
Ticket Coordinators (an agent is never listed); the intake page shows an unmatched ticket's category, sub-category,
department and why nothing matched; the comment composer attaches a file before posting (an empty file's error
clears on the next attempt), one's own comment offers no vote, and a second 👍 takes the vote back. Run by hand:
``cd frontend && node --test e2e/admin_context.browser.mjs`` with CONSOLE_URL, AUTH_URL, WORKFLOW_URL, MESSAGING_URL
and TICKET_MOCK_URL set.
"""

import pytest

from tests.e2e.browser import node_browser_tests
from tests.e2e.flows import ADMIN

pytestmark = pytest.mark.integration

TESTS = 3  # in frontend/e2e/admin_context.browser.mjs: all must run and pass


def test_admins_context_and_the_comment_composer_in_the_browser(suite):
    env = {
        "WORKFLOW_URL": suite.workflow,
        "MESSAGING_URL": suite.messaging,
        "TICKET_MOCK_URL": suite.ticket_mock,
        "TTS_ADMIN_EMAIL": ADMIN[0],
        "TTS_ADMIN_PASSWORD": ADMIN[1],
    }
    node_browser_tests(suite, "e2e/admin_context.browser.mjs", tests=TESTS, env=env, timeout=600, what="the admin-context walk")
