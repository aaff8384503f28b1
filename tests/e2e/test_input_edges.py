"""Bad input through the running suite (real servers, DEBUG as `make run` has it): a 400 problem
(application/problem+json) with the request id, never a 500 nor Django's debug page."""

import json
import urllib.error
import urllib.request

import pytest

from tests.e2e.flows import ADMIN, sign_in
from tests.e2e.http import call

pytestmark = pytest.mark.integration

DEEP = ("[" * 10_000 + "]" * 10_000).encode()
# A path per service whose view parses a JSON body for an administrator.
WRITES = {
    "auth": "/api/v1/roles/",
    "workflow_api": "/workflows/",
    "ticket_mock": "/api/tickets/",
    "messaging": "/api/v1/comments/",
    "notification": "/api/v1/templates/",
}


def raw_post(url: str, body: bytes, token: str) -> tuple[int, str, dict]:
    """(status, body text, headers by lower-case name)."""
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 (loopback URLs only)
    request.add_header("Content-Type", "application/json")
    request.add_header("Accept", "*/*")  # as curl sends it: the debug page used to answer it
    request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode(), {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), {k.lower(): v for k, v in error.headers.items()}


@pytest.fixture(scope="module")
def admin_token(suite):
    return sign_in(suite, *ADMIN)


@pytest.mark.parametrize("service", sorted(WRITES))
def test_a_ten_thousand_deep_body_is_a_json_400_on_every_service(suite, admin_token, service):
    status, text, headers = raw_post(suite.services[service] + WRITES[service], DEEP, admin_token)

    assert status == 400, text[:300]
    assert headers["content-type"] == "application/problem+json"
    body = json.loads(text)
    assert body["code"] == "parse_error"
    assert "nested deeper than 64 levels" in body["detail"]
    assert body["request_id"] == headers["x-request-id"]  # header names: uvicorn sends them in lower case


def test_nul_and_far_offsets_through_the_suite(suite, admin_token):
    ticket = {
        "subject": "NUL test",
        "description": "d",
        "category": "IT Support",
        "priority": "Low",
        "employee": {"first_name": "A", "last_name": "B", "email": "a.b@example.com"},
        "asset_name": "Dell\u0000XPS",
    }

    extra = call("post", f"{suite.ticket_mock}/api/tickets/", ticket, token=admin_token)
    query = call("get", f"{suite.ticket_mock}/api/tickets/?category=IT%00", token=admin_token)
    since = call("get", f"{suite.workflow}/audit/?since=2026-01-01T00:00:00-20:00", token=admin_token)

    assert (extra.status, extra.body["errors"]) == (400, {"asset_name": ["Null characters are not allowed."]})
    assert (query.status, query.body["errors"]) == (400, {"category": ["Null characters are not allowed."]})
    assert since.status == 200


# A list path per service that takes query parameters; a 6,000-byte query string is over
# tts_common.limits.MAX_QUERY_STRING_BYTES (4096) and under the servers' request-line limit (gunicorn's 8190).
LISTS = {
    "auth": "/api/v1/users/",
    "workflow_api": "/tasks/",
    "ticket_mock": "/api/tickets/",
    "messaging": "/api/v1/comments/",
    "notification": "/api/v2/notifications/inapp/",
}


@pytest.mark.parametrize("service", sorted(LISTS))
def test_a_long_query_string_is_the_414_problem_on_every_service(suite, admin_token, service):
    url = suite.services[service] + LISTS[service] + "?" + "&".join(["page=1"] * 1000)
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {admin_token}", "Accept": "*/*"})  # noqa: S310
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310 (loopback URLs only)

    assert refused.value.code == 414
    assert refused.value.headers["Content-Type"] == "application/problem+json"
    body = json.loads(refused.value.read())
    assert body["code"] == "uri_too_long"
    assert body["request_id"] == refused.value.headers["X-Request-ID"]
