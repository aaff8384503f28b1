"""Every auth endpoint, for anonymous, agent and administrator callers."""

import pytest

from rbac.models import Role

pytestmark = pytest.mark.django_db

# (method, path template, body, {caller: expected status})
MATRIX = [
    ("get", "/health/", None, {"anonymous": 200, "agent": 200, "admin": 200}),
    ("get", "/.well-known/jwks.json", None, {"anonymous": 200, "agent": 200, "admin": 200}),
    ("get", "/api/schema/", None, {"anonymous": 200, "agent": 200, "admin": 200}),
    ("get", "/api/v1/users/me/", None, {"anonymous": 401, "agent": 200, "admin": 200}),
    ("get", "/api/v1/users/", None, {"anonymous": 401, "agent": 403, "admin": 200}),
    ("get", "/api/v1/users/{agent}/", None, {"anonymous": 401, "agent": 403, "admin": 200}),
    ("patch", "/api/v1/users/{agent}/", {"first_name": "X"}, {"anonymous": 401, "agent": 403, "admin": 200}),
    ("delete", "/api/v1/users/{agent}/", None, {"anonymous": 401, "agent": 403, "admin": 204}),
    ("get", "/api/v1/systems/", None, {"anonymous": 401, "agent": 200, "admin": 200}),
    ("post", "/api/v1/systems/", {"slug": "x", "name": "X"}, {"anonymous": 401, "agent": 405, "admin": 405}),
    ("get", "/api/v1/roles/{role}/", None, {"anonymous": 401, "agent": 200, "admin": 200}),
    ("patch", "/api/v1/roles/{role}/", {"description": "d"}, {"anonymous": 401, "agent": 403, "admin": 200}),
    ("delete", "/api/v1/roles/{role}/", None, {"anonymous": 401, "agent": 403, "admin": 204}),
    ("get", "/api/v1/user-system-roles/", None, {"anonymous": 401, "agent": 403, "admin": 200}),
    (
        "post",
        "/api/v1/user-system-roles/",
        {"user": "{agent}", "system": "tts", "role": "Extra"},
        {"anonymous": 401, "agent": 403, "admin": 201},
    ),
]


@pytest.mark.parametrize(("method", "path", "body", "expected"), MATRIX, ids=[f"{m} {p}" for m, p, _, _ in MATRIX])
@pytest.mark.parametrize("caller", ["anonymous", "agent", "admin"])
def test_endpoint_answers_each_caller(callers, agent_user, tts, method, path, body, expected, caller):
    extra = Role.objects.create(system=tts, name="Extra")
    names = {"agent": agent_user.id, "role": extra.id}
    body = {key: (value.format(**names) if isinstance(value, str) else value) for key, value in (body or {}).items()}

    response = getattr(callers[caller], method)(path.format(**names), body, format="json")

    assert response.status_code == expected[caller], response.content
