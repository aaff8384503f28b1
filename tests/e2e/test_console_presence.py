"""Presence and collision on the task page between two browsers (two signed-in people), in headless Chromium
against the running suite (frontend/e2e/presence.browser.mjs, issue 15 item 2).

Each person reads the other viewing within 2 s and typing as typing; someone else's move shows in the other's
open dialog before Confirm; a closed browser is gone from the other's page within 10 s.
Run by hand: ``cd frontend && node --test e2e/presence.browser.mjs`` with CONSOLE_URL, AUTH_URL, WORKFLOW_URL
and TICKET_MOCK_URL set to a running suite.
"""

import pytest

from tests.e2e.browser import node_browser_tests

pytestmark = pytest.mark.integration

TESTS = 3  # in frontend/e2e/presence.browser.mjs: all must run and pass


def test_two_people_on_one_task_see_each_other_come_type_move_and_go(suite):
    node_browser_tests(
        suite,
        "e2e/presence.browser.mjs",
        tests=TESTS,
        env={"WORKFLOW_URL": suite.workflow, "TICKET_MOCK_URL": suite.ticket_mock},
        timeout=300,
        what="the presence walk",
    )
