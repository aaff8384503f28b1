"""The console's chrome in headless Chromium against the running suite (issue 14, items 3, 4, 5 and 8).

``frontend/e2e/console_chrome.browser.mjs``: a 300-character unbroken subject keeps priority, status and
the SLA on screen at 1,366 px and at 390 px; 20 assignments in a burst make at most 2 toasts; every route
has its own tab title and focus lands on the main heading after a route change; the phone menu closes on
Escape (focus back on its button), on a tap outside, on the bell and on a link.

ticket_mock refuses subjects over 255 characters, so the long ticket comes as HDTS itself sends it:
``tickets.tasks.receive_ticket`` on ``TICKET_TASKS_PRODUCTION`` (the contract's name and queue).
"""

import time

import pytest
from celery import Celery

from tests.e2e.browser import node_browser_tests
from tests.e2e.flows import ADMIN, EMPLOYEE, eventually, sign_in, task_of

pytestmark = pytest.mark.integration

BROWSER_TESTS = 4  # in frontend/e2e/console_chrome.browser.mjs: all must run and pass
LONG_SUBJECT_LENGTH = 300


def long_subject_ticket(suite) -> str:
    """Send HDTS's message for a ticket whose subject is 300 characters without a space; its number once it is a task."""
    number = f"TXCHROME{int(time.time() * 1000)}"
    ticket = {
        "ticket_number": number,
        "subject": "Printer" + "X" * (LONG_SUBJECT_LENGTH - len("Printer")),
        "description": "One long unbroken subject.",
        "category": "IT Support",
        "sub_category": "Access",
        "department": "IT Department",
        "priority": "High",
        "status": "New",
        "employee": EMPLOYEE,
        "attachments": [],
    }
    app = Celery(broker=suite.broker_url)
    try:
        app.send_task("tickets.tasks.receive_ticket", args=[ticket], queue="TICKET_TASKS_PRODUCTION")
    finally:
        app.close()
    admin = sign_in(suite, *ADMIN)
    task = eventually(lambda: task_of(suite, admin, number), what="the long-subject task")
    assert len(task["subject"]) == LONG_SUBJECT_LENGTH, task["subject"]
    assert task["status"] != "unmatched", task
    return number


def test_the_console_chrome_in_a_browser(suite):
    env = {
        "WORKFLOW_URL": suite.workflow,
        "TICKET_MOCK_URL": suite.ticket_mock,
        "TTS_ADMIN_EMAIL": ADMIN[0],
        "TTS_ADMIN_PASSWORD": ADMIN[1],
        "LONG_TICKET": long_subject_ticket(suite),
    }
    node_browser_tests(suite, "e2e/console_chrome.browser.mjs", tests=BROWSER_TESTS, env=env, timeout=600, what="the console-chrome test")
