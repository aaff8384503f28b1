"""Brute force meets a lockout, which does not let an attacker lock the owner out."""

import json

import pytest
from rest_framework.throttling import ScopedRateThrottle

from authn.lockout import LOCKED_OUT_MESSAGE, lockout_response, retry_after_seconds
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(client, password, address="10.0.0.1"):
    return client.post("/token/", {"email": "agent@example.com", "password": password}, format="json", REMOTE_ADDR=address)


def test_a_brute_force_run_is_locked_out_even_with_the_right_password_in_the_end(anonymous, agent_user, settings):
    statuses = [_sign_in(anonymous, f"guess-{attempt}").status_code for attempt in range(settings.AXES_FAILURE_LIMIT)]
    final = _sign_in(anonymous, PASSWORD)

    assert statuses[:-1] == [401] * (settings.AXES_FAILURE_LIMIT - 1)
    assert statuses[-1] == 429
    assert final.status_code == 429
    assert final["Content-Type"] == "application/problem+json"
    assert final.json() == {**final.json(), "status": 429, "code": "locked_out", "type": "urn:tts:problem:locked_out"}
    assert final.json()["detail"].startswith(LOCKED_OUT_MESSAGE)
    assert int(final["Retry-After"]) == retry_after_seconds() > 0


def test_a_lockout_outside_the_api_is_the_same_problem(rf):
    """django-axes answers a locked-out request the API did not answer itself (the Django admin's sign-in) this way."""
    response = lockout_response(rf.post("/admin/login/"))

    assert response.status_code == 429 and response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content) == {
        "type": "urn:tts:problem:locked_out",
        "title": "Too Many Requests",
        "status": 429,
        "detail": LOCKED_OUT_MESSAGE,
        "code": "locked_out",
        "request_id": None,
    }
    assert int(response["Retry-After"]) == retry_after_seconds()


def test_the_owner_elsewhere_is_not_locked_out_by_the_attacker(anonymous, agent_user, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT + 2):
        _sign_in(anonymous, f"guess-{attempt}", address="203.0.113.9")

    assert _sign_in(anonymous, PASSWORD, address="198.51.100.7").status_code == 200


def test_one_address_is_rate_limited_across_accounts(anonymous, agent_user, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"login": "3/min", "password_reset": "3/min"})
    answers = [
        anonymous.post("/token/", {"email": f"user{n}@example.com", "password": "x"}, format="json", REMOTE_ADDR="10.9.9.9").status_code
        for n in range(4)
    ]

    assert answers == [401, 401, 401, 429]


def test_a_client_that_rotates_x_forwarded_for_is_still_throttled(anonymous, agent_user, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"login": "3/min", "password_reset": "3/min"})
    answers = [
        anonymous.post(
            "/token/",
            {"email": "x@example.com", "password": "x"},
            format="json",
            REMOTE_ADDR="127.0.0.2",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(4)
    ]

    assert answers == [401, 401, 401, 429]


def test_through_the_console_proxy_one_browser_does_not_lock_out_another(anonymous, agent_user, settings):
    def through_proxy(password, browser):
        return anonymous.post(
            "/token/",
            {"email": "agent@example.com", "password": password},
            format="json",
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=browser,
        )

    wrong = [through_proxy(f"guess-{n}", "127.0.0.2").status_code for n in range(settings.AXES_FAILURE_LIMIT)]

    assert wrong[-1] == 429
    assert through_proxy(PASSWORD, "127.0.0.2").status_code == 429
    assert through_proxy(PASSWORD, "127.0.0.3").status_code == 200
