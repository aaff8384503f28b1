"""Search in headless Chromium against the running suite (frontend/e2e/search.browser.mjs, issue 15 item 1).

The header's box finds a new ticket's task and a comment on it, matches marked and the ticket's markup shown as
text; an agent who never held the task finds the comment only; the box fits a phone's top bar; axe finds nothing
serious. Run by hand: ``cd frontend && node --test e2e/search.browser.mjs`` with CONSOLE_URL, AUTH_URL,
WORKFLOW_URL, MESSAGING_URL and TICKET_MOCK_URL set to a running suite.
"""

import pytest

from tests.e2e.browser import node_browser_tests

pytestmark = pytest.mark.integration

TESTS = 2  # in frontend/e2e/search.browser.mjs: all must run and pass


def test_search_in_the_console(suite):
    node_browser_tests(
        suite,
        "e2e/search.browser.mjs",
        tests=TESTS,
        env={"WORKFLOW_URL": suite.workflow, "MESSAGING_URL": suite.messaging, "TICKET_MOCK_URL": suite.ticket_mock},
        timeout=300,
        what="the search walk",
    )
