"""tts_common refuses every token auth did not sign as an access token."""

import base64
import json
import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from django.conf import settings

from tts_common.keys import PUBLIC_KEY_NAME, generate_private_key_pem
from tts_common.testing import access_token_for

AGENT = [{"system": "tts", "role": "Agent"}]
ADMIN = [{"system": "tts", "role": "Admin"}]


def _get(client, path, token):
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(**overrides):
    now = int(time.time())
    return {
        "token_type": "access",
        "exp": now + 600,
        "iat": now,
        "jti": "x",
        "iss": "tts-auth",
        "user_id": 7,
        "email": "a@example.com",
        "roles": AGENT,
        **overrides,
    }


def test_a_valid_access_token_exposes_its_claims(api_client):
    token = access_token_for(user_id=7, email="a@example.com", full_name="Ada Agent", roles=AGENT)

    response = _get(api_client, "/whoami/", token)

    assert response.status_code == 200
    assert response.json() == {"user_id": 7, "email": "a@example.com", "full_name": "Ada Agent", "roles": AGENT}


def test_no_token_is_401(api_client):
    assert api_client.get("/whoami/").status_code == 401


def test_alg_none_is_refused(api_client):
    token = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims())}."

    assert _get(api_client, "/whoami/", token).status_code == 401


def test_hs256_signed_with_the_public_key_is_refused(api_client):
    public_pem = (Path(settings.VAR_DIR) / "keys" / PUBLIC_KEY_NAME).read_bytes()
    header = _b64({"alg": "HS256", "typ": "JWT"})
    body = _b64(_claims())
    import hashlib
    import hmac

    signature = base64.urlsafe_b64encode(hmac.new(public_pem, f"{header}.{body}".encode(), hashlib.sha256).digest()).rstrip(b"=").decode()

    assert _get(api_client, "/whoami/", f"{header}.{body}.{signature}").status_code == 401


def test_a_token_signed_with_another_key_is_refused(api_client):
    stranger = serialization.load_pem_private_key(generate_private_key_pem(), password=None)
    token = jwt.encode(_claims(), stranger, algorithm="RS256")

    assert _get(api_client, "/whoami/", token).status_code == 401


def test_an_expired_token_is_refused(api_client):
    token = access_token_for(user_id=7, roles=AGENT, lifetime_seconds=-5)

    assert _get(api_client, "/whoami/", token).status_code == 401


def test_a_refresh_token_is_not_an_access_token(api_client):
    token = access_token_for(user_id=7, roles=AGENT, token_type="refresh")

    assert _get(api_client, "/whoami/", token).status_code == 401


def test_a_token_from_another_issuer_is_refused(api_client):
    private = (Path(settings.VAR_DIR) / "keys" / "jwt_private.pem").read_text()
    token = jwt.encode(_claims(iss="someone-else"), private, algorithm="RS256")

    assert _get(api_client, "/whoami/", token).status_code == 401


@pytest.mark.parametrize(("roles", "expected"), [(AGENT, 403), (ADMIN, 200), ([{"system": "hdts", "role": "Admin"}], 403)])
def test_admin_permission_reads_the_tts_admin_role(api_client, roles, expected):
    token = access_token_for(user_id=1, roles=roles)

    assert _get(api_client, "/admin-only/", token).status_code == expected
