"""``GET /metrics``: every process of the service in the Prometheus text format, to those allowed.

Who may scrape (``MetricsAccess``):

* an address in ``METRICS_ALLOWED_NETWORKS`` (CIDRs, comma-separated; none by
  default), e.g. the Prometheus server's network;
* in development (``DJANGO_ENV`` not ``production``, as under ``make run``): loopback;
* anyone else with a TTS administrator's access token (``Authorization: Bearer``).

Otherwise 401 (no token: the ``not_authenticated`` problem) or 403 (a token
without the administrator role), as RFC 9457 problems. The client's address is
``tts_common.client_ip.client_address`` (``X-Forwarded-For`` only from trusted proxies).
"""

import ipaddress
import os
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from rest_framework.permissions import BasePermission
from rest_framework.views import APIView

from tts_common.client_ip import client_address, trusted_networks
from tts_common.env import is_production
from tts_common.metrics.collectors import DatabaseCollector
from tts_common.metrics.multiprocess import ENV, role_dirs
from tts_common.permissions import is_tts_admin


def address_allowed(address: str, *, cidrs: tuple[str, ...], development: bool) -> bool:
    """Whether ``address`` may scrape without a token: in ``cidrs``, or loopback in development."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    if development and parsed.is_loopback:
        return True
    return any(parsed in network for network in trusted_networks(cidrs))


class MetricsAccess(BasePermission):
    message = "Metrics are for administrators, or for an address in METRICS_ALLOWED_NETWORKS."

    def has_permission(self, request, view) -> bool:
        cidrs = tuple(getattr(settings, "METRICS_ALLOWED_NETWORKS", ()))
        if address_allowed(client_address(request), cidrs=cidrs, development=not is_production()):
            return True
        return is_tts_admin(request)


class MultiProcessFilesCollector(MultiProcessCollector):
    """``MultiProcessCollector`` over the files of every role folder of the service (web, worker)."""

    def __init__(self, folders: list[Path]) -> None:  # no registry: registered by the caller
        self.folders = folders

    def collect(self):
        files = sorted(str(path) for folder in self.folders for path in folder.glob("*.db"))
        return self.merge(files, accumulate=True)


def metrics_registry() -> CollectorRegistry:
    """What one scrape reports: every process's files (or this process's memory) and the database readers."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get(ENV):
        registry.register(MultiProcessFilesCollector(role_dirs(settings.METRICS_DIR) or [Path(os.environ[ENV])]))
    else:
        registry.register(_InMemory())
    registry.register(DatabaseCollector())
    return registry


class _InMemory:
    """This process's own metrics (no multiprocess folder: ``runserver``, tests)."""

    def collect(self):
        return REGISTRY.collect()


class MetricsView(APIView):
    """The Prometheus text format (``text/plain; version=...``); 401/403 problems for callers not allowed."""

    permission_classes = [MetricsAccess]
    schema = None  # an operator's endpoint, not part of the API's schema

    def get(self, request) -> HttpResponse:
        return HttpResponse(generate_latest(metrics_registry()), content_type=CONTENT_TYPE_LATEST)


def metrics_urlpatterns() -> list:
    """``/metrics`` (Prometheus' default path), for a service's ``config/urls.py``."""
    from django.urls import path

    return [path("metrics", MetricsView.as_view(), name="metrics")]
