"""What a locked-out client is told, by the token view and by django-axes alike."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from tts_common.errors import problem, problem_response
from tts_common.logging import current_request_id

LOCKED_OUT_MESSAGE = "Too many failed sign-ins from this address; try again later."


def retry_after_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME * 3600)


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: keep the API's own 429, or give the same problem (``code`` ``locked_out``, ``Retry-After``)."""
    if original_response is not None and original_response.status_code == 429:
        return original_response
    request_id = getattr(request, "request_id", None) or current_request_id()
    body = problem(429, detail=LOCKED_OUT_MESSAGE, code="locked_out", request_id=request_id)
    return problem_response(request, body, headers={"Retry-After": str(retry_after_seconds())})
