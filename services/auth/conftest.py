import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from authn.tokens import token_pair_for
from rbac.models import Role, System
from rbac.services import user_system_role_assign
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tts(db):
    system, _ = System.objects.get_or_create(slug="tts", defaults={"name": "Ticket Tracking System"})
    return system


@pytest.fixture
def tts_roles(tts):
    return {name: Role.objects.get_or_create(system=tts, name=name)[0] for name in ("Admin", "Agent")}


def _with_role(user, role):
    user_system_role_assign(user=user, system=role.system, role=role)
    return user


@pytest.fixture
def admin_user(tts_roles):
    return _with_role(UserFactory(email="admin@example.com"), tts_roles["Admin"])


@pytest.fixture
def agent_user(tts_roles):
    return _with_role(UserFactory(email="agent@example.com"), tts_roles["Agent"])


def _client(user=None):
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user)['access']}")
    return client


@pytest.fixture
def anonymous():
    return _client()


@pytest.fixture
def as_admin(admin_user):
    return _client(admin_user)


@pytest.fixture
def as_agent(agent_user):
    return _client(agent_user)


@pytest.fixture
def callers(anonymous, as_agent, as_admin):
    return {"anonymous": anonymous, "agent": as_agent, "admin": as_admin}
