"""``GET /health/``: 200 when every dependency answers, 503 naming the one that does not.

Body: ``{"status": "ok"|"error", "service", "checks": {name: "ok"|"error: <ExceptionName>"},
"details": {name: {...}}}``; ``details`` holds what a check measured (the
outbox: pending and parked counts, the oldest pending row's age in seconds).

The answer comes within a few seconds even while PostgreSQL is down (then a
503 with ``checks.database`` = ``"error: PoolTimeout"`` or ``"error:
OperationalError"``), and is 200 again by itself once it is back:

- the view is not wrapped in the request's transaction (``ATOMIC_REQUESTS``
  would check a connection out, with the pool's full ``TTS_DB_POOL_TIMEOUT``,
  before the view runs, and its failure would be the request's error, not this
  view's 503);
- the database check borrows a connection from the process's own pool with a
  short timeout (``HEALTH_DATABASE_TIMEOUT_SECONDS``, 2) instead of opening a
  connection of its own: a health check then never holds a connection beyond
  the pool's ``max_size``, so the server's connection budget stays what
  :mod:`tts_common.gunicorn` says. Borrowing also tests what requests use (a
  pool that has given up reconnecting would fail it). The cost: a pool whose
  every connection is busy for 2 s also fails it, which is a server that
  cannot take a request either. Without a pool (SQLite, a worker's settings)
  it runs ``SELECT 1`` on Django's connection;
- the checks that read the database (the outbox) are not run once the
  database check has failed: they would wait for the pool's full timeout to
  fail the same way, and are reported ``"error: DatabaseUnavailableError"``.
"""

import logging
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils.module_loading import import_string
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from tts_common.env import env_int
from tts_common.schema import own_error_bodies

logger = logging.getLogger(__name__)

# A check returns None or a dict of details; it raises to fail.
Check = Callable[[], dict | None]


class CheckFailedError(Exception):
    """A check that failed with measurements worth showing (``details``)."""

    def __init__(self, message: str, details: dict):
        super().__init__(message)
        self.details = details


class OutboxStuckError(CheckFailedError):
    """The oldest pending outbox row has waited longer than ``OUTBOX_MAX_PENDING_AGE_SECONDS``."""


class DatabaseUnavailableError(Exception):
    """A check that reads the database, not run because the database check failed."""


def check_database() -> None:
    """``SELECT 1`` on a connection from the pool, waiting at most ``HEALTH_DATABASE_TIMEOUT_SECONDS`` (2) for it.

    Raises ``psycopg_pool.PoolTimeout`` when none comes in time (the server is
    down, or every connection is busy), a ``psycopg`` or ``django.db`` error
    when the query fails.
    """
    pool = getattr(connection, "pool", None)
    if pool is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return
    pool.open()  # Django opens it at a request's first query; this may be the process's first
    with pool.connection(timeout=env_int("HEALTH_DATABASE_TIMEOUT_SECONDS", 2)) as borrowed:
        borrowed.execute("SELECT 1")


def check_broker() -> None:
    from celery import current_app

    with current_app.connection_for_write(connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def check_redis() -> None:
    """Only configured services (messaging) list this one."""
    import redis

    url = getattr(settings, "REDIS_URL", None)
    if url:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()


def check_outbox() -> dict:
    """Fails when the relay is stuck: the oldest pending row older than ``OUTBOX_MAX_PENDING_AGE_SECONDS`` (120).

    Parked rows are counted, not failed on: they wait for an operator, and the
    rows behind them go on. The broker down for longer than the threshold
    makes this fail too, which is the truth: messages are not leaving.
    """
    from tts_common.outbox.services import outbox_state

    state = outbox_state()
    limit = env_int("OUTBOX_MAX_PENDING_AGE_SECONDS", 120)
    age = state.oldest_pending_age_seconds
    details = {
        "pending": state.pending,
        "parked": state.parked,
        "oldest_pending_age_seconds": round(age, 1) if age is not None else None,
        "max_pending_age_seconds": limit,
    }
    if age is not None and age > limit:
        raise OutboxStuckError(f"the oldest pending outbox row has waited {age:.0f} s (limit {limit} s)", details)
    return details


DEFAULT_CHECKS = {"database": "tts_common.health.check_database", "broker": "tts_common.health.check_broker"}
# Checks that read the database, skipped (DatabaseUnavailableError) when the database check fails.
READS_DATABASE = {"outbox"}


def configured_checks() -> dict[str, Check]:
    names = dict(DEFAULT_CHECKS)
    if apps.is_installed("tts_common.outbox"):
        names["outbox"] = "tts_common.health.check_outbox"
    names.update(getattr(settings, "HEALTH_CHECKS", {}))
    return {name: import_string(path) for name, path in names.items()}


def run_checks() -> tuple[bool, dict[str, str], dict[str, dict]]:
    """(healthy, {name: "ok" or "error: <ExceptionName>"}, {name: details})."""
    results: dict[str, str] = {}
    details: dict[str, dict] = {}
    for name, check in configured_checks().items():
        try:
            if name in READS_DATABASE and results.get("database", "ok") != "ok":
                raise DatabaseUnavailableError(f"{name} reads the database, which did not answer")
            measured = check()
            results[name] = "ok"
        except Exception as error:  # a health check reports every kind of failure
            logger.warning("health check %s failed: %s", name, error)
            results[name] = f"error: {type(error).__name__}"
            measured = getattr(error, "details", None)
        if measured:
            details[name] = measured
    return all(value == "ok" for value in results.values()), results, details


HEALTH_BODY = inline_serializer(
    "Health",
    {
        "status": serializers.ChoiceField(choices=["ok", "error"]),
        "service": serializers.CharField(),
        "checks": serializers.DictField(child=serializers.CharField(), help_text='{name: "ok" or "error: <ExceptionName>"}'),
        "details": serializers.DictField(child=serializers.DictField(), help_text="{name: what the check measured}"),
    },
)


@own_error_bodies
@transaction.non_atomic_requests
@extend_schema(
    responses={200: HEALTH_BODY, 503: OpenApiResponse(HEALTH_BODY, description="a dependency is down: the failing check is named")}
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([])
def health(request: Request) -> Response:
    healthy, checks, details = run_checks()
    body = {"status": "ok" if healthy else "error", "service": settings.SERVICE_NAME, "checks": checks, "details": details}
    return Response(body, status=200 if healthy else 503)
