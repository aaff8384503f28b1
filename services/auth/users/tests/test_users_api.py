"""The users API for every kind of caller."""

import pytest

from tests.factories import UserFactory
from users.models import PASSWORD_MAX_LENGTH

pytestmark = pytest.mark.django_db

NEW_USER = {"email": "New.Person@Example.com", "first_name": "New", "last_name": "Person", "password": "Sturdy-passphrase-7"}


@pytest.mark.parametrize(("caller", "expected"), [("anonymous", 401), ("agent", 403), ("admin", 200)])
def test_listing_users_is_for_administrators(callers, caller, expected):
    assert callers[caller].get("/api/v1/users/").status_code == expected


@pytest.mark.parametrize(("caller", "expected"), [("anonymous", 401), ("agent", 403), ("admin", 201)])
def test_creating_users_is_for_administrators(callers, caller, expected):
    assert callers[caller].post("/api/v1/users/", NEW_USER, format="json").status_code == expected


def test_a_created_user_has_the_contract_shape_and_no_password_in_it(as_admin):
    body = as_admin.post("/api/v1/users/", NEW_USER, format="json").json()

    assert {"id", "email", "first_name", "last_name", "is_active", "roles"} <= body.keys()
    assert "password" not in body
    assert body["email"] == "new.person@example.com"
    assert body["roles"] == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"password": None}, "password"),
        ({"password": "123"}, "password"),
        ({"email": "admin@example.com"}, "email"),
        ({"email": "nope"}, "email"),
    ],
)
def test_bad_user_input_names_the_field(as_admin, change, field):
    body = {key: value for key, value in {**NEW_USER, **change}.items() if value is not None}

    response = as_admin.post("/api/v1/users/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_delete_deactivates_and_signs_the_user_out(as_admin, anonymous):
    from tests.factories import PASSWORD

    person = UserFactory(email="leaver@example.com")
    pair = anonymous.post("/token/", {"email": "leaver@example.com", "password": PASSWORD}, format="json").json()

    assert as_admin.delete(f"/api/v1/users/{person.id}/").status_code == 204

    person.refresh_from_db()
    assert person.is_active is False
    assert anonymous.post("/token/refresh/", {"refresh": pair["refresh"]}, format="json").status_code == 401


@pytest.mark.parametrize(("caller", "expected"), [("anonymous", 401), ("agent", 200), ("admin", 200)])
def test_me_is_for_anyone_signed_in(callers, caller, expected):
    response = callers[caller].get("/api/v1/users/me/")

    assert response.status_code == expected
    if expected == 200:
        assert response.json()["email"] == f"{caller}@example.com"
        assert response.json()["roles"][0]["system"] == "tts"


def test_me_can_change_names_but_not_email(as_agent, agent_user):
    response = as_agent.patch("/api/v1/users/me/", {"first_name": "Renamed", "email": "other@example.com"}, format="json")

    assert response.status_code == 200
    agent_user.refresh_from_db()
    assert agent_user.first_name == "Renamed" and agent_user.email == "agent@example.com"


def test_listing_users_does_not_grow_queries_with_the_page(as_admin, tts_roles, django_assert_num_queries):
    from rbac.services import user_system_role_assign

    def add_people(count):
        for _ in range(count):
            user_system_role_assign(user=UserFactory(), system=tts_roles["Agent"].system, role=tts_roles["Agent"])

    # savepoint + the caller's row (authn.authentication) + count + page of users + their roles + release
    add_people(2)
    with django_assert_num_queries(6):
        as_admin.get("/api/v1/users/?page_size=50")
    add_people(20)
    with django_assert_num_queries(6):
        assert len(as_admin.get("/api/v1/users/?page_size=50").json()["results"]) == 23


def test_an_empty_password_is_refused_not_taken_as_unchanged(as_admin, agent_user):
    response = as_admin.patch(f"/api/v1/users/{agent_user.id}/", {"first_name": "Al", "password": ""}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"password": ["This field may not be blank."]}
    agent_user.refresh_from_db()
    assert agent_user.first_name != "Al"


@pytest.mark.parametrize("encoding", ["multipart", "urlencoded"])
def test_auth_takes_json_bodies_only(as_admin, agent_user, encoding):
    """schemathesis: DRF read a blank optional form field as absent (an empty password as "unchanged") and a body
    that is not a form (``True``) as an empty form, so a PATCH of garbage answered 200 (issue 12)."""
    if encoding == "multipart":
        response = as_admin.patch(f"/api/v1/users/{agent_user.id}/", {"first_name": "Al", "password": ""}, format="multipart")
    else:
        response = as_admin.generic("PATCH", "/api/v1/users/me/", "True", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    agent_user.refresh_from_db()
    assert agent_user.first_name != "Al"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/users/", {**NEW_USER, "password": "p" * (PASSWORD_MAX_LENGTH + 1)}, "password"),
        ("/token/", {"email": "agent@example.com", "password": "p" * (PASSWORD_MAX_LENGTH + 1)}, "password"),
        ("/token/", {"email": "a" * 250 + "@example.com", "password": "x"}, "email"),
        ("/token/refresh/", {"refresh": "r" * 16385}, "refresh"),
        ("/api/v1/password-reset/confirm/", {"uid": "u" * 257, "token": "t", "new_password": "A-new-passphrase-9"}, "uid"),
    ],
)
def test_every_string_auth_takes_is_bounded(as_admin, path, body, field):
    response = as_admin.post(path, body, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_the_schema_requires_a_password_on_create_only(anonymous):
    schemas = anonymous.get("/api/schema/", HTTP_ACCEPT="application/json").json()["components"]["schemas"]

    assert "password" in schemas["UserCreateRequest"]["required"]
    assert "password" not in schemas["PatchedUserRequest"].get("required", [])
    assert schemas["UserCreateRequest"]["properties"]["password"]["maxLength"] == PASSWORD_MAX_LENGTH
    assert "password" not in schemas["User"]["properties"]
