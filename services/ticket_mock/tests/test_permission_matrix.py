"""Every ticket_mock endpoint, for each kind of caller: any valid access token will do."""

import pytest
from rest_framework.test import APIClient

from tests.factories import TicketFactory
from tts_common.testing import access_token_for

pytestmark = pytest.mark.django_db

# (method, path, {"anonymous" or "signed_in": expected status})
MATRIX = [
    ("get", "/health/", {"anonymous": 200, "signed_in": 200}),
    ("get", "/api/schema/", {"anonymous": 200, "signed_in": 200}),
    ("get", "/api/docs/", {"anonymous": 200, "signed_in": 200}),
    ("get", "/api/tickets/", {"anonymous": 401, "signed_in": 200}),
    ("post", "/api/tickets/", {"anonymous": 401, "signed_in": 201}),
    ("get", "/api/tickets/{ticket}/", {"anonymous": 401, "signed_in": 200}),
    ("put", "/api/tickets/{ticket}/", {"anonymous": 401, "signed_in": 405}),
    ("patch", "/api/tickets/{ticket}/", {"anonymous": 401, "signed_in": 405}),
    ("delete", "/api/tickets/{ticket}/", {"anonymous": 401, "signed_in": 405}),
]


@pytest.mark.parametrize(("method", "path", "expected"), MATRIX, ids=[f"{m} {p}" for m, p, _ in MATRIX])
@pytest.mark.parametrize("caller", ["anonymous", "requester", "agent", "admin"])
def test_endpoint_answers_each_caller(callers, ticket_input, method, path, expected, caller):
    ticket = TicketFactory()

    body = None if method == "get" else ticket_input

    response = getattr(callers[caller], method)(path.format(ticket=ticket.ticket_number), body, format="json")

    assert response.status_code == expected["anonymous" if caller == "anonymous" else "signed_in"], response.content


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(lambda: access_token_for(user_id=1, lifetime_seconds=-10), id="expired"),
        pytest.param(lambda: access_token_for(user_id=1, token_type="refresh"), id="refresh token"),
        pytest.param(lambda: access_token_for(user_id=1)[:-4] + "AAAA", id="forged signature"),
        pytest.param(lambda: "not-a-token", id="garbage"),
    ],
)
def test_a_bad_token_is_401(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token()}")

    assert client.get("/api/tickets/").status_code == 401
