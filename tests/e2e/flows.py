"""Steps a person takes through the running suite, shared by the end-to-end tests."""

import time

from tests.e2e.http import call

ADMIN = ("admin@tts.local", "TtsAdmin!2025")
DEMO_PASSWORD = "TtsDemo!2025"


def sign_in(suite, email: str, password: str = DEMO_PASSWORD) -> str:
    reply = call("post", f"{suite.auth}/token/", {"email": email, "password": password})
    assert reply.status == 200, reply.body
    return reply.body["access"]


def eventually(probe, *, timeout: float = 60, interval: float = 0.5, what: str = "the condition"):
    """Poll ``probe`` until it returns something truthy; return that."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
