"""``GET /health/``: 200 when every dependency answers, 503 naming the one that does not."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

logger = logging.getLogger(__name__)

Check = Callable[[], None]


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


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


DEFAULT_CHECKS = {"database": "tts_common.health.check_database", "broker": "tts_common.health.check_broker"}


def configured_checks() -> dict[str, Check]:
    names = {**DEFAULT_CHECKS, **getattr(settings, "HEALTH_CHECKS", {})}
    return {name: import_string(path) for name, path in names.items()}


def run_checks() -> tuple[bool, dict[str, str]]:
    results: dict[str, str] = {}
    for name, check in configured_checks().items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:  # a health check reports every kind of failure
            logger.warning("health check %s failed: %s", name, error)
            results[name] = f"error: {type(error).__name__}"
    return all(value == "ok" for value in results.values()), results


@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([])
def health(request: Request) -> Response:
    healthy, checks = run_checks()
    body = {"status": "ok" if healthy else "error", "service": settings.SERVICE_NAME, "checks": checks}
    return Response(body, status=200 if healthy else 503)
