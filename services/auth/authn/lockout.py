"""What a locked-out client is told, by the token view and by django-axes alike."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

LOCKED_OUT_MESSAGE = "Too many failed sign-ins from this address; try again later."


def retry_after_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME * 3600)


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: keep the API's own 429, or give the same JSON shape."""
    if original_response is not None and original_response.status_code == 429:
        return original_response
    response = JsonResponse({"detail": LOCKED_OUT_MESSAGE, "code": "locked_out"}, status=429)
    response["Retry-After"] = str(retry_after_seconds())
    return response
