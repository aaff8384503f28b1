"""The database not answering: ``/health/`` is a quick 503 naming it, every other request a 503 with Retry-After.

The unreachable database is a real psycopg pool to a loopback port nothing
listens on, which is what a stopped local PostgreSQL is to a new connection
(refused). Django's own connection is made to fail the same way by raising,
from its ``ensure_connection``, the error Django raises when its pool times out.
The end-to-end fault run (tests/e2e/test_faults.py) stops the real server.
"""

import socket
import time

import pytest
from django.db import OperationalError, connection, connections
from django.test import Client
from psycopg_pool import ConnectionPool, PoolTimeout

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def unreachable_pool():
    pool = ConnectionPool(f"host=127.0.0.1 port={closed_port()} user=postgres connect_timeout=1", min_size=0, max_size=2, open=False)
    yield pool
    pool.close()


@pytest.fixture
def database_down(monkeypatch, unreachable_pool):
    """Django's connection fails as a pooled one does when the server is down; requests run in a transaction."""

    def refuse():
        unreachable_pool.open()  # as Django does: the pool opens at the first query
        try:
            unreachable_pool.getconn(timeout=0.2)
        except PoolTimeout as error:  # as Django's PostgreSQL backend wraps it (test below)
            raise OperationalError(str(error)) from error

    default = connections["default"]
    monkeypatch.setitem(default.settings_dict, "ATOMIC_REQUESTS", True)
    monkeypatch.setattr(default, "ensure_connection", refuse)
    monkeypatch.setattr(type(default), "pool", property(lambda self: unreachable_pool), raising=False)


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def test_health_is_a_503_naming_the_database_within_a_few_seconds(client, database_down):
    started = time.monotonic()
    response = client.get("/health/")
    took = time.monotonic() - started

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == "error: PoolTimeout"
    assert checks["outbox"] == "error: DatabaseUnavailableError"  # not run: it would wait for the pool too
    assert took < 5, f"/health/ took {took:.1f} s (the check waits 2 s for a connection)"


@pytest.mark.parametrize("path", ["/outbox/", "/explode-plain/"])
@pytest.mark.parametrize("debug", [True, False])
def test_a_request_while_the_database_is_down_is_a_503_with_retry_after(client, database_down, settings, path, debug):
    settings.DEBUG = debug

    response = client.get(path, HTTP_ACCEPT="text/html", HTTP_X_REQUEST_ID="req-db-down")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "urn:tts:problem:database_unavailable",
        "title": "Service Unavailable",
        "status": 503,
        "detail": "The database is unavailable; try again shortly.",
        "code": "database_unavailable",
        "request_id": "req-db-down",
    }


@pytest.mark.integration
def test_the_pool_timeout_reaches_views_as_djangos_operational_error(postgres_database, unreachable_pool):
    # what the mapping relies on: Django wraps psycopg's errors, the pool's PoolTimeout included
    unreachable_pool.open()
    with pytest.raises(OperationalError) as raised, connection.wrap_database_errors:
        unreachable_pool.getconn(timeout=0.2)

    assert isinstance(raised.value.__cause__, PoolTimeout)


def test_other_server_errors_stay_500(client):
    response = client.get("/explode/")

    assert response.status_code == 500
    assert "Retry-After" not in response
