"""One session across two console tabs, in headless Chromium against the running suite (frontend/e2e/tabs.browser.mjs).

Two tabs of one signed-in person are forced to refresh at the same moment 20 times; the Node test fails
on a sign-out, on more than one refresh a round, or when the last pair no longer refreshes (reuse
detection tripped). Then 10 rounds without Web Locks (the BroadcastChannel fallback): no sign-out.
Run by hand: ``cd frontend && node --test e2e/tabs.browser.mjs`` with CONSOLE_URL and AUTH_URL set
to a running suite.
"""

import pytest

from tests.e2e.browser import node_browser_tests

pytestmark = pytest.mark.integration

ROUNDS = 20
TESTS = 4  # in frontend/e2e/tabs.browser.mjs (Web Locks, then the BroadcastChannel fallback): all must run and pass


def test_two_tabs_refreshing_at_once_never_sign_out(suite):
    node_browser_tests(
        suite, "e2e/tabs.browser.mjs", tests=TESTS, env={"TTS_TABS_ROUNDS": str(ROUNDS)}, timeout=300, what="the two-tab test"
    )
