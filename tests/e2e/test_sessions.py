"""Sessions through the running suite: the client's address through the console's proxy, refresh rotation under contention, revocation.

Browsers are simulated by binding the client socket to other loopback
addresses (127.0.0.2, 127.0.0.3, 127.0.0.4): Linux routes all of 127/8 to lo.
"""

import http.client
import json
import threading
import time
from urllib.parse import urlsplit

import pytest

from tests.e2e.flows import ADMIN, sign_in, token_pair
from tests.e2e.http import Reply, call

pytestmark = pytest.mark.integration

PASSWORD = "Session-pass-42"
LOGIN_RATE_PER_MINUTE = 30
FAILURE_LIMIT = 5
REUSE_GRACE_SECONDS = 10


def call_from(source: str, method: str, url: str, body=None, token: str | None = None, headers: dict | None = None) -> Reply:
    """One JSON request whose TCP connection leaves from ``source`` (a loopback address)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20, source_address=(source, 0))
    all_headers = {"Accept": "application/json", **(headers or {})}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        all_headers["Content-Type"] = "application/json"
    if token:
        all_headers["Authorization"] = f"Bearer {token}"
    try:
        connection.request(method.upper(), parts.path, body=data, headers=all_headers)
        response = connection.getresponse()
        raw = response.read()
        return Reply(response.status, json.loads(raw) if raw else None, dict(response.getheaders()))
    finally:
        connection.close()


def _person(suite, email: str) -> int:
    admin = sign_in(suite, *ADMIN)
    created = call(
        "post",
        f"{suite.auth}/api/v1/users/",
        {"email": email, "first_name": "Sam", "last_name": "Session", "password": PASSWORD},
        token=admin,
    )
    assert created.status == 201, created.body
    return created.body["id"]


def test_one_browsers_wrong_passwords_through_the_console_do_not_lock_out_the_owner_elsewhere(suite):
    email = "e2e.lockout@example.com"
    _person(suite, email)
    token_url = f"{suite.console}/svc/auth/token/"

    wrong = [call_from("127.0.0.2", "post", token_url, {"email": email, "password": f"guess-{n}"}).status for n in range(FAILURE_LIMIT)]
    locked = call_from("127.0.0.2", "post", token_url, {"email": email, "password": PASSWORD})
    owner = call_from("127.0.0.3", "post", token_url, {"email": email, "password": PASSWORD})

    assert wrong == [401] * (FAILURE_LIMIT - 1) + [429]
    assert locked.status == 429 and locked.body["code"] == "locked_out"
    assert owner.status == 200 and set(owner.body) == {"access", "refresh"}


def test_a_client_rotating_x_forwarded_for_at_auth_directly_stays_throttled(suite):
    answers = [
        call_from(
            "127.0.0.4",
            "post",
            f"{suite.auth}/token/",
            {"email": f"nobody{n}@example.com", "password": "wrong"},
            headers={"X-Forwarded-For": f"198.51.100.{n}"},
        ).status
        for n in range(LOGIN_RATE_PER_MINUTE + 1)
    ]

    assert answers == [401] * LOGIN_RATE_PER_MINUTE + [429]
    # Another browser through the console is not throttled with it.
    assert (
        call_from("127.0.0.5", "post", f"{suite.console}/svc/auth/token/", {"email": "nobody@example.com", "password": "x"}).status == 401
    )


def test_ten_simultaneous_refreshes_of_one_token_make_exactly_one_new_pair_and_reuse_later_revokes_the_family(suite):
    email = "e2e.refresh@example.com"
    _person(suite, email)
    pair = token_pair(suite, email, PASSWORD).body
    start = threading.Barrier(10)
    answers: list[Reply] = []

    def refresh():
        start.wait()
        answers.append(call("post", f"{suite.auth}/token/refresh/", {"refresh": pair["refresh"]}, timeout=30))

    threads = [threading.Thread(target=refresh) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    winners = [answer for answer in answers if answer.status == 200]
    assert len(winners) == 1, sorted(answer.status for answer in answers)
    assert sorted(answer.status for answer in answers) == [200] + [401] * 9
    assert {answer.body["code"] for answer in answers if answer.status == 401} == {"token_not_valid"}  # lost races revoke nothing
    current = call("post", f"{suite.auth}/token/refresh/", {"refresh": winners[0].body["refresh"]})
    assert current.status == 200

    time.sleep(REUSE_GRACE_SECONDS + 1)
    reuse = call("post", f"{suite.auth}/token/refresh/", {"refresh": pair["refresh"]})

    assert reuse.status == 401 and reuse.body["code"] == "token_reused"
    assert call("post", f"{suite.auth}/token/refresh/", {"refresh": current.body["refresh"]}).status == 401


def test_password_set_deactivation_and_sign_out_everywhere_revoke_refresh_tokens_and_reactivation_revives_none(suite):
    email = "e2e.revoke@example.com"
    person = _person(suite, email)
    admin = sign_in(suite, *ADMIN)

    def pair_for(password=PASSWORD):
        return token_pair(suite, email, password).body

    def refresh_status(refresh):
        return call("post", f"{suite.auth}/token/refresh/", {"refresh": refresh}).status

    before_password = pair_for()
    assert call("patch", f"{suite.auth}/api/v1/users/{person}/", {"password": "Another-pass-43"}, token=admin).status == 200
    assert refresh_status(before_password["refresh"]) == 401

    before_deactivation = pair_for("Another-pass-43")
    assert call("patch", f"{suite.auth}/api/v1/users/{person}/", {"is_active": False}, token=admin).status == 200
    assert call("patch", f"{suite.auth}/api/v1/users/{person}/", {"is_active": True}, token=admin).status == 200
    assert refresh_status(before_deactivation["refresh"]) == 401

    one, other = pair_for("Another-pass-43"), pair_for("Another-pass-43")
    assert call("post", f"{suite.auth}/logout/all/", token=one["access"]).status == 205
    assert (refresh_status(one["refresh"]), refresh_status(other["refresh"])) == (401, 401)
    assert refresh_status(pair_for("Another-pass-43")["refresh"]) == 200
