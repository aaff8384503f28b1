"""Steps a person takes through the running suite, shared by the end-to-end tests."""

import time

from tests.e2e.http import Reply, call

ADMIN = ("admin@tts.local", "TtsAdmin!2025")
DEMO_PASSWORD = "TtsDemo!2025"
EMPLOYEE = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com", "company_id": "C-1", "department": "IT"}


SIGN_IN_PATIENCE_SECONDS = 75  # a little over the login throttle's one-minute window


def token_pair(suite, email: str, password: str = DEMO_PASSWORD) -> Reply:
    """``POST /token/`` for ``email``. Every test signs in from 127.0.0.1, so together they can pass auth's
    per-address login rate (30 a minute): a 429 is waited out as its Retry-After says, as a real client would."""
    deadline = time.monotonic() + SIGN_IN_PATIENCE_SECONDS
    while True:
        reply = call("post", f"{suite.auth}/token/", {"email": email, "password": password})
        if reply.status != 429 or time.monotonic() > deadline:
            return reply
        retry_after = reply.headers.get("Retry-After") or reply.headers.get("retry-after") or "1"
        time.sleep(min(float(retry_after) if retry_after.isdigit() else 1.0, 10.0) + 0.5)


def sign_in(suite, email: str, password: str = DEMO_PASSWORD) -> str:
    """The access token of ``email`` (:func:`token_pair`)."""
    reply = token_pair(suite, email, password)
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


def ticket_body(subject: str, description: str, *, priority: str = "Medium", employee: dict = EMPLOYEE) -> dict:
    """A help-desk ticket in IT Support / Hardware (the demo's "IT Support workflow" takes it), as ticket_mock's API takes it."""
    return {
        "subject": subject,
        "description": description,
        "category": "IT Support",
        "sub_category": "Hardware",
        "department": "IT Department",
        "priority": priority,
        "employee": employee,
    }


def ticket_post(suite, token: str, subject: str, description: str, **fields) -> str:
    """Post :func:`ticket_body` (``fields``: ``priority``, ``employee``) to ticket_mock as ``token``; its ticket_number."""
    created = call("post", f"{suite.ticket_mock}/api/tickets/", ticket_body(subject, description, **fields), token=token)
    assert created.status == 201, created.body
    return created.body["ticket_number"]


def task_of(suite, token: str, number: str) -> dict | None:
    """workflow_api's task for ticket ``number`` (as its list shows it), or None while there is none."""
    page = call("get", f"{suite.workflow}/tasks/?ticket_number={number}", token=token).body
    return page["results"][0] if page["count"] else None
