"""Issue 14 items 2 and 6 in the console, in headless Chromium against the running suite
(frontend/e2e/task_language.browser.mjs).

An administrator builds a brand-new, broken workflow in the editor (a transition made by dropping a drag on a
node's body) and deploys it: the page, moved from /new to /<id>, lists exactly the server's problems, with no
"deployed" toast, and a fresh load shows nothing stale. A task escalated, held, resumed and resolved (from the task
page, "Resolve → End") reads as a help desk reads it: the ticket's status Resolved, the SLA outcome, the Escalated
badge, a history of sentences with names and no ``task.`` codes or ``id:`` text. Run by hand: ``cd frontend &&
node --test e2e/task_language.browser.mjs`` with CONSOLE_URL, AUTH_URL, WORKFLOW_URL and TICKET_MOCK_URL set.
"""

import os

import pytest

from tests.e2e.browser import node_browser_tests
from tests.e2e.flows import ADMIN

pytestmark = pytest.mark.integration

TESTS = 2  # in frontend/e2e/task_language.browser.mjs: all must run and pass


def test_the_task_page_and_the_editor_speak_the_users_language(suite):
    env = {
        "WORKFLOW_URL": suite.workflow,
        "TICKET_MOCK_URL": suite.ticket_mock,
        "TTS_ADMIN_EMAIL": ADMIN[0],
        "TTS_ADMIN_PASSWORD": ADMIN[1],
        "SCREENSHOT_DIR": os.environ.get("TTS_SCREENSHOT_DIR", ""),
    }
    node_browser_tests(suite, "e2e/task_language.browser.mjs", tests=TESTS, env=env, timeout=600, what="the task language walk")
