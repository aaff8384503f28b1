"""Saved views, the requester card and snippets in headless Chromium against the running suite
(frontend/e2e/savedviews_snippets.browser.mjs, issue 15 items 5-7).

A view saved from the inbox shows in the sidebar with its live count, follows a new ticket and opens its filters
again; the task page's Requester card links the requester's other ticket; "/" and a shortcut in the comment box
insert the snippet filled in for the task; axe finds nothing serious in any of them.
Run by hand: ``cd frontend && node --test e2e/savedviews_snippets.browser.mjs`` with CONSOLE_URL, AUTH_URL,
WORKFLOW_URL and TICKET_MOCK_URL set to a running suite.
"""

import pytest

from tests.e2e.browser import node_browser_tests

pytestmark = pytest.mark.integration

TESTS = 2  # in frontend/e2e/savedviews_snippets.browser.mjs: all must run and pass


def test_saved_views_the_requester_and_snippets_in_the_console(suite):
    node_browser_tests(
        suite,
        "e2e/savedviews_snippets.browser.mjs",
        tests=TESTS,
        env={"WORKFLOW_URL": suite.workflow, "TICKET_MOCK_URL": suite.ticket_mock},
        timeout=300,
        what="the saved views and snippets walk",
    )
