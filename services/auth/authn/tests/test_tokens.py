"""Sign-in, claims, rotation, logout and the JWK set."""

import jwt
import pytest
from django.conf import settings

from tests.factories import PASSWORD, UserFactory

# transaction=True: /token/ and /token/refresh/ are non-atomic views whose refusals keep what they wrote; a test
# transaction around them would be the block a refusal rolls back.
pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(client, email, password=PASSWORD, **extra):
    return client.post("/token/", {"email": email, "password": password, **extra}, format="json")


def _claims(token):
    return jwt.decode(token, settings.SIMPLE_JWT["VERIFYING_KEY"], algorithms=["RS256"], issuer="tts-auth")


def test_sign_in_gives_a_pair_with_the_contract_claims(anonymous, agent_user):
    response = _sign_in(anonymous, "AGENT@example.com")

    assert response.status_code == 200
    access = _claims(response.json()["access"])
    assert access["token_type"] == "access"
    assert access["user_id"] == agent_user.id
    assert access["email"] == "agent@example.com"
    assert access["full_name"] == agent_user.full_name
    assert access["roles"] == [{"system": "tts", "role": "Agent"}]
    assert {"exp", "iat", "jti"} <= access.keys()
    assert access["exp"] - access["iat"] == 15 * 60
    refresh = _claims(response.json()["refresh"])
    assert refresh["token_type"] == "refresh" and refresh["exp"] - refresh["iat"] == 24 * 3600


def test_wrong_password_is_401(anonymous, agent_user):
    response = _sign_in(anonymous, "agent@example.com", "nope")

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


def test_inactive_user_cannot_sign_in(anonymous):
    UserFactory(email="gone@example.com", is_active=False)

    assert _sign_in(anonymous, "gone@example.com").status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [({"password": "x"}, "email"), ({"email": "a@example.com"}, "password"), ({"email": "not-an-email", "password": "x"}, "email")],
)
def test_missing_fields_are_named(anonymous, body, field):
    response = anonymous.post("/token/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_refresh_rotates_and_the_old_refresh_token_dies(anonymous, agent_user):
    first = _sign_in(anonymous, "agent@example.com").json()

    rotated = anonymous.post("/token/refresh/", {"refresh": first["refresh"]}, format="json")
    replayed = anonymous.post("/token/refresh/", {"refresh": first["refresh"]}, format="json")

    assert rotated.status_code == 200
    assert rotated.json()["refresh"] != first["refresh"]
    assert _claims(rotated.json()["access"])["roles"] == [{"system": "tts", "role": "Agent"}]
    assert replayed.status_code == 401


def test_refresh_picks_up_role_changes(anonymous, agent_user, tts_roles):
    from rbac.services import user_system_role_assign

    first = _sign_in(anonymous, "agent@example.com").json()
    user_system_role_assign(user=agent_user, system=tts_roles["Admin"].system, role=tts_roles["Admin"])

    rotated = anonymous.post("/token/refresh/", {"refresh": first["refresh"]}, format="json").json()

    assert {"system": "tts", "role": "Admin"} in _claims(rotated["access"])["roles"]


def test_logout_kills_the_refresh_token(anonymous, agent_user):
    pair = _sign_in(anonymous, "agent@example.com").json()

    logout = anonymous.post("/logout/", {"refresh": pair["refresh"]}, format="json")
    refresh_after = anonymous.post("/token/refresh/", {"refresh": pair["refresh"]}, format="json")
    logout_again = anonymous.post("/logout/", {"refresh": pair["refresh"]}, format="json")

    assert logout.status_code == 205
    assert refresh_after.status_code == 401
    assert logout_again.status_code == 400 and logout_again.json()["errors"] == {"refresh": ["Token is blacklisted"]}


def test_a_deactivated_user_cannot_refresh(anonymous, agent_user):
    pair = _sign_in(anonymous, "agent@example.com").json()
    agent_user.is_active = False
    agent_user.save()

    assert anonymous.post("/token/refresh/", {"refresh": pair["refresh"]}, format="json").status_code == 401


def test_a_refresh_token_is_not_accepted_as_an_access_token(anonymous, agent_user):
    pair = _sign_in(anonymous, "agent@example.com").json()

    response = anonymous.get("/api/v1/users/me/", HTTP_AUTHORIZATION=f"Bearer {pair['refresh']}")

    assert response.status_code == 401


def test_the_jwk_set_verifies_auths_tokens(anonymous, agent_user):
    access = _sign_in(anonymous, "agent@example.com").json()["access"]

    [key] = anonymous.get("/.well-known/jwks.json").json()["keys"]

    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig"
    public_key = jwt.PyJWK(key).key
    assert jwt.decode(access, public_key, algorithms=["RS256"], issuer="tts-auth")["user_id"] == agent_user.id
