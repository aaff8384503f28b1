"""Input at auth's edges: the lengths auth accepts are the ones every copy downstream
stores, and arbitrary input never makes a 500 (hypothesis, on PostgreSQL in the real pass)."""

import pytest

from tts_common.limits import FULL_NAME_MAX_LENGTH, PERSON_NAME_MAX_LENGTH
from tts_common.outbox.models import OutboxMessage
from tts_common.routing import SYNC_USER_SYSTEM_ROLE
from tts_common.testing_inputs import Listing, Write, check_lists, check_writes

pytestmark = pytest.mark.django_db
NEW_USER = {"email": "new.person@example.com", "first_name": "New", "last_name": "Person", "password": "a-Long-enough-passw0rd"}


def test_the_longest_names_auth_accepts_are_published_whole_and_fit_the_replica(as_admin, tts_roles):
    body = {**NEW_USER, "first_name": "F" * PERSON_NAME_MAX_LENGTH, "last_name": "L" * PERSON_NAME_MAX_LENGTH}
    user_id = as_admin.post("/api/v1/users/", body, format="json").json()["id"]

    response = as_admin.post("/api/v1/user-system-roles/", {"user": user_id, "system": "tts", "role": "Agent"}, format="json")

    assert response.status_code == 201
    message = OutboxMessage.objects.filter(task_name=SYNC_USER_SYSTEM_ROLE).last()
    assert len(message.args[0]["user_full_name"]) == FULL_NAME_MAX_LENGTH


def test_a_name_longer_than_the_limit_is_a_400_naming_it(as_admin):
    response = as_admin.post("/api/v1/users/", {**NEW_USER, "last_name": "L" * (PERSON_NAME_MAX_LENGTH + 1)}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["last_name"]


def test_a_nul_in_a_search_is_a_400_naming_it(as_admin):
    response = as_admin.get("/api/v1/users/", {"search": "ad\x00min"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"search": ["Null characters are not allowed."]}


def test_arbitrary_input_never_makes_a_500(as_admin, anonymous, agent_user, tts_roles):
    agent_role = tts_roles["Agent"]
    check_writes(
        as_admin,
        [
            Write("POST", "/api/v1/users/", NEW_USER),
            Write("PATCH", f"/api/v1/users/{agent_user.id}/", {"first_name": "Al", "is_active": True}),
            Write("POST", "/api/v1/roles/", {"name": "Reviewer", "system": "tts", "description": ""}),
            Write("PATCH", f"/api/v1/roles/{agent_role.id}/", {"description": "Works tickets"}),
            Write("POST", "/api/v1/user-system-roles/", {"user": agent_user.id, "system": "tts", "role": "Admin"}),
            Write("PATCH", "/api/v1/users/me/", {"first_name": "Ada", "otp_enabled": False}),
        ],
    )
    check_writes(
        anonymous,
        [
            Write("POST", "/token/", {"email": "agent@example.com", "password": "wrong"}),
            Write("POST", "/token/refresh/", {"refresh": "x"}),
            Write("POST", "/api/v1/password-reset/", {"email": "agent@example.com"}),
            Write("POST", "/api/v1/password-reset/confirm/", {"uid": "MQ", "token": "x", "new_password": "A-new-passphrase-9"}),
            Write("POST", "/logout/", {"refresh": "x"}),
        ],
        max_examples=8,
    )
    check_lists(
        as_admin,
        [
            Listing("/api/v1/users/", ["is_active", "otp_enabled"]),
            Listing("/api/v1/roles/", ["system", "name"]),
            Listing("/api/v1/user-system-roles/", ["user", "system", "role", "is_active"]),
            Listing("/api/v1/systems/"),
        ],
    )


@pytest.mark.parametrize(
    ("path", "query", "parameter"),
    [
        ("/api/v1/users/", {"is_active": "494"}, "is_active"),
        ("/api/v1/users/", {"otp_enabled": "yes"}, "otp_enabled"),
        ("/api/v1/users/", {"page": "abc"}, "page"),
        ("/api/v1/roles/", {"system": "nope"}, "system"),
        ("/api/v1/roles/", {"ordering": "password"}, "ordering"),
        ("/api/v1/user-system-roles/", {"user": "abc"}, "user"),
        ("/api/v1/user-system-roles/", {"is_active": "2"}, "is_active"),
        ("/api/v1/systems/", {"page_size": "0"}, "page_size"),
    ],
)
def test_a_bad_query_parameter_is_a_400_naming_it_not_ignored(as_admin, path, query, parameter):
    """Issue 12: ``?is_active=494`` was ignored and answered the whole list."""
    response = as_admin.get(path, query)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [parameter]


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("post", "/token/", {"email": "agent@example.com", "password": 1234567890}, "password"),
        ("post", "/token/", {"email": "agent@example.com", "password": "x", "otp": 123456}, "otp"),
        ("post", "/token/refresh/", {"refresh": 12}, "refresh"),
        ("post", "/logout/", {"refresh": True}, "refresh"),
        ("post", "/api/v1/password-reset/confirm/", {"uid": 1, "token": "t", "new_password": "A-new-passphrase-9"}, "uid"),
        ("post", "/api/v1/roles/", {"name": 42, "system": "tts"}, "name"),
        ("patch", "/api/v1/users/me/", {"first_name": 5}, "first_name"),
        ("post", "/api/v1/users/", {**NEW_USER, "last_name": ["Person"]}, "last_name"),
    ],
)
def test_a_number_where_a_string_is_declared_is_a_400_naming_it(as_admin, method, path, body, field):
    """Issue 12: numbers were taken where strings are declared (and stored as their text)."""
    response = getattr(as_admin, method)(path, body, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
