import pytest
from rest_framework.test import APIClient

from tts_common.testing import access_token_for

# Who may call: anyone with a valid access token, whatever their roles
# (in the real HDTS, requesters are not TTS members).
CALLER_CLAIMS = {
    "requester": {
        "user_id": 301,
        "email": "requester@example.com",
        "full_name": "Rita Requester",
        "roles": [{"system": "hdts", "role": "Employee"}],
    },
    "agent": {"user_id": 302, "email": "agent@example.com", "full_name": "Alan Agent", "roles": [{"system": "tts", "role": "Agent"}]},
    "admin": {"user_id": 303, "email": "admin@example.com", "full_name": "Ada Admin", "roles": [{"system": "tts", "role": "Admin"}]},
}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _client(token: str | None = None) -> APIClient:
    client = APIClient()
    if token is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture
def anonymous():
    return _client()


@pytest.fixture
def as_requester():
    return _client(access_token_for(**CALLER_CLAIMS["requester"]))


@pytest.fixture
def as_agent():
    return _client(access_token_for(**CALLER_CLAIMS["agent"]))


@pytest.fixture
def as_admin():
    return _client(access_token_for(**CALLER_CLAIMS["admin"]))


@pytest.fixture
def callers(anonymous, as_requester, as_agent, as_admin):
    return {"anonymous": anonymous, "requester": as_requester, "agent": as_agent, "admin": as_admin}


@pytest.fixture
def ticket_input():
    """A valid body for POST /api/tickets/."""
    return {
        "subject": "Laptop will not power on",
        "description": "Since this morning, even when plugged in.",
        "category": "IT Support",
        "sub_category": "Hardware",
        "department": "IT Department",
        "priority": "High",
        "employee": {
            "first_name": "Maria",
            "last_name": "Santos",
            "email": "maria.santos@example.com",
            "company_id": "MA10001",
            "department": "Finance",
        },
    }
