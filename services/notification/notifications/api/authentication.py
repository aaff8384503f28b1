"""``X-API-Key``: how other services call ``POST /api/v1/notifications/send/`` without a user.

Keys come from ``NOTIFICATION_API_KEYS`` (comma-separated) and are compared in
constant time against every configured key. No key: 401. A wrong key: 403.
"""

import hmac

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

API_KEY_HEADER = "X-API-Key"


class ServiceCaller:
    """The caller behind a valid API key: a service, not a person."""

    is_authenticated = True
    is_anonymous = False
    id = None

    def __str__(self) -> str:
        return "service (API key)"


def api_key_valid(given: str) -> bool:
    given_bytes = given.encode()
    matched = False
    for key in settings.NOTIFICATION_API_KEYS:
        matched |= hmac.compare_digest(given_bytes, key.encode())  # no early exit: every key is compared
    return matched


class APIKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        given = request.headers.get(API_KEY_HEADER)
        if not given:
            return None
        if not api_key_valid(given):
            raise PermissionDenied("The X-API-Key is not valid.")
        return ServiceCaller(), "api-key"

    def authenticate_header(self, request) -> str:
        return f'APIKey header="{API_KEY_HEADER}"'


class HasAPIKey(BasePermission):
    message = "This endpoint needs a valid X-API-Key."

    def has_permission(self, request, view) -> bool:
        return isinstance(request.user, ServiceCaller)


class APIKeyScheme(OpenApiAuthenticationExtension):
    """Shows the X-API-Key scheme in the OpenAPI schema and Swagger UI."""

    target_class = "notifications.api.authentication.APIKeyAuthentication"
    name = "NotificationAPIKey"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": API_KEY_HEADER}
