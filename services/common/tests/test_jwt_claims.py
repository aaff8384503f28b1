"""A token signed with auth's real key but with claims of the wrong types is a 401, never a 500 or an anonymous caller."""

import time
from pathlib import Path

import jwt
import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tts_common.auth import claims_problems
from tts_common.keys import PRIVATE_KEY_NAME

AGENT = [{"system": "tts", "role": "Agent"}]


def _signed(**claims) -> str:
    now = int(time.time())
    payload = {
        "token_type": "access",
        "exp": now + 600,
        "iat": now,
        "jti": "j",
        "iss": "tts-auth",
        "user_id": 7,
        "email": "a@example.com",
        "full_name": "Ada",
        "roles": AGENT,
    }
    for name, value in claims.items():
        if value is _ABSENT:
            payload.pop(name)
        else:
            payload[name] = value
    private_pem = (Path(settings.VAR_DIR) / "keys" / PRIVATE_KEY_NAME).read_text()
    return jwt.encode(payload, private_pem, algorithm="RS256")


_ABSENT = object()


def _whoami(client, token):
    return client.get("/whoami/", HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.mark.parametrize(
    "claims",
    [
        {"user_id": "7"},
        {"user_id": True},
        {"user_id": 7.0},
        {"user_id": None},
        {"user_id": 0},
        {"user_id": 2**64},
        {"user_id": [7]},
        {"user_id": _ABSENT},
        {"roles": "Admin"},
        {"roles": {"system": "tts", "role": "Admin"}},
        {"roles": ["Admin"]},
        {"roles": [{"system": "tts"}]},
        {"roles": [{"system": "tts", "role": 1}]},
        {"roles": [{"system": ["tts"], "role": "Admin"}]},
        {"roles": None},
        {"email": 5},
        {"email": None},
        {"full_name": {"first": "Ada"}},
        {"jti": 12},
    ],
    ids=repr,
)
def test_wrong_claim_types_are_401(api_client, claims):
    response = _whoami(api_client, _signed(**claims))

    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"


@pytest.mark.parametrize(
    "claims",
    [
        {"exp": "soon"},
        {"exp": True},
        {"exp": str(int(time.time()) + 600)},  # PyJWT takes a numeric string; simplejwt's datetime did not (500)
        {"exp": 2**80},  # past datetime's range (OverflowError, a 500)
        {"exp": 1e300},
        {"iat": "then"},
        {"iat": [1]},
    ],
    ids=repr,
)
def test_wrong_time_claim_types_are_401(api_client, claims):
    assert _whoami(api_client, _signed(**claims)).status_code == 401


def test_well_typed_claims_pass(api_client):
    response = _whoami(api_client, _signed(roles=[], email="", full_name=""))

    assert response.status_code == 200 and response.json()["user_id"] == 7


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(["system", "role", "x"]), children, max_size=3),
    max_leaves=8,
)
ROLE = st.fixed_dictionaries({"system": st.text(max_size=8), "role": st.text(max_size=8)})


@hypothesis_settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    user_id=JSON,
    roles=JSON | st.lists(ROLE, max_size=3),
    email=JSON,
    full_name=JSON,
)
def test_arbitrary_claim_values_are_a_caller_or_a_401_never_a_500(api_client, user_id, roles, email, full_name):
    claims = {"user_id": user_id, "roles": roles, "email": email, "full_name": full_name}

    response = _whoami(api_client, _signed(**claims))

    if claims_problems(claims):
        assert response.status_code == 401
    else:
        assert response.status_code == 200
        body = response.json()
        assert body["user_id"] == user_id and body["roles"] == roles and body["email"] == email
