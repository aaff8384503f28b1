"""Keyboard shortcuts and bulk actions in headless Chromium against the running suite
(frontend/e2e/keyboard_bulk.browser.mjs, issue 15 items 3 and 4).

``?`` shows the shortcuts sheet (axe-checked; Escape closes it, focus returns), ``j``/``k``/``o`` open a task from
All tasks, ``/`` focuses the header search; a bulk transfer of three tasks, one on hold, reports 2 transferred and
1 failed with the held one's ticket number, and the server agrees.
Run by hand: ``cd frontend && node --test e2e/keyboard_bulk.browser.mjs`` with CONSOLE_URL, AUTH_URL,
WORKFLOW_URL and TICKET_MOCK_URL set to a running suite.
"""

import pytest

from tests.e2e.browser import node_browser_tests

pytestmark = pytest.mark.integration

TESTS = 2  # in frontend/e2e/keyboard_bulk.browser.mjs: all must run and pass


def test_keyboard_shortcuts_and_a_bulk_transfer_in_the_console(suite):
    node_browser_tests(
        suite,
        "e2e/keyboard_bulk.browser.mjs",
        tests=TESTS,
        env={"WORKFLOW_URL": suite.workflow, "TICKET_MOCK_URL": suite.ticket_mock},
        timeout=300,
        what="the keyboard and bulk walk",
    )
