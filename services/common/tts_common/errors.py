"""One error shape for every service.

- A refused request keeps DRF's shape: ``{"field": ["message", ...]}`` for
  validation errors (the console shows them next to the fields), and
  ``{"detail": "...", "request_id": "..."}`` for every other error.
- A server error is always ``{"detail": "Internal server error", "request_id": "..."}``
  with status 500, DEBUG on or off, in every view (DRF or not): never Django's
  debug page. The traceback still goes to the log (``django.request``).
- The database not answering (``django.db.OperationalError``, which Django
  raises for psycopg's ``OperationalError`` and for the pool's ``PoolTimeout``)
  is a 503 ``{"detail": "The database is unavailable; try again shortly.",
  "request_id": "..."}`` with ``Retry-After: 5`` (seconds) instead, wherever it
  was raised: in a view, in DRF, in the ``ATOMIC_REQUESTS`` transaction that
  wraps the view, or in a middleware. It is decided once, in
  :class:`ServerErrorMiddleware`, from the exception Django reports through
  ``got_request_exception``. ``OperationalError`` also covers a deadlock or a
  cancelled statement: transient too, and worth the same retry.

The request id is the one :class:`tts_common.logging.RequestIdMiddleware`
gives the request and returns in ``X-Request-ID``.
"""

import json
import sys

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.signals import got_request_exception
from django.db import OperationalError
from django.http import JsonResponse
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from tts_common.debug_page import DEBUG_PAGE_MARK
from tts_common.logging import current_request_id

SERVER_ERROR_DETAIL = "Internal server error"
BAD_REQUEST_DETAIL = "Bad request"
NOT_FOUND_DETAIL = "Not found."  # DRF's words for its own 404
DATABASE_UNAVAILABLE_DETAIL = "The database is unavailable; try again shortly."
DATABASE_RETRY_AFTER_SECONDS = 5
UNCAUGHT_EXCEPTION_ATTRIBUTE = "tts_uncaught_exception"


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE allows."
    default_code = "request_too_large"


def _request_id_of(request) -> str | None:
    return getattr(request, "request_id", None) or current_request_id()


def exception_handler(exc, context):
    """DRF's handler, with ``request_id`` added to ``{"detail": ...}`` bodies.

    Django's ``RequestDataTooBig`` (a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``)
    becomes a 413 and any other ``SuspiciousOperation`` a 400. Returns None for
    exceptions DRF does not handle, which then become the JSON 500 of
    :class:`ServerErrorMiddleware`.
    """
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError(BAD_REQUEST_DETAIL)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        request = context.get("request")
        response.data["request_id"] = _request_id_of(request) if request is not None else current_request_id()
    return response


def server_error_body(request) -> dict[str, str | None]:
    return {"detail": SERVER_ERROR_DETAIL, "request_id": _request_id_of(request)}


def server_error(request, *args, **kwargs):
    """``handler500`` of every service's ``config/urls.py`` (used when DEBUG is off)."""
    return JsonResponse(server_error_body(request), status=500)


def bad_request(request, exception=None, *args, **kwargs):
    """``handler400``: a ``SuspiciousOperation`` or ``BadRequest`` outside DRF (DEBUG off)."""
    return JsonResponse({"detail": BAD_REQUEST_DETAIL, "request_id": _request_id_of(request)}, status=400)


def remember_uncaught_exception(sender, request=None, **kwargs) -> None:
    """``got_request_exception`` receiver: keeps the exception Django is turning into a 500 on the request."""
    if request is not None:
        setattr(request, UNCAUGHT_EXCEPTION_ATTRIBUTE, sys.exc_info()[1])


got_request_exception.connect(remember_uncaught_exception, dispatch_uid="tts_common.errors.remember_uncaught_exception")


def is_database_unavailable(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError)


def is_json(response) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip().endswith("json")


class ServerErrorMiddleware:
    """Outermost middleware: a 500 that is not JSON (Django's debug page or its
    plain-text traceback, when DEBUG is on) is rewritten as the JSON 500; so is
    the debug page Django renders for the 400 of a ``SuspiciousOperation``, and
    a 404 that is not JSON (with DEBUG on, Django's debug 404 page, which lists
    every URL pattern) becomes ``{"detail": "Not found.", "request_id"}``.
    A 500 caused by the database not answering becomes the 503 (module docstring).

    The response object is kept, so headers set on the way out (``X-Request-ID``,
    CORS) stay. Works under WSGI and ASGI.
    """

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self._acall(request)
        return self._rewrite(request, self.get_response(request))

    async def _acall(self, request):
        return self._rewrite(request, await self.get_response(request))

    @staticmethod
    def _rewrite(request, response):
        if response.status_code == 500 and is_database_unavailable(getattr(request, UNCAUGHT_EXCEPTION_ATTRIBUTE, None)):
            return _database_unavailable(request, response)
        if getattr(response, "streaming", False) or is_json(response):
            return response
        if response.status_code == 500:
            body = server_error_body(request)
        elif response.status_code == 404:
            body = {"detail": NOT_FOUND_DETAIL, "request_id": _request_id_of(request)}
        elif getattr(request, DEBUG_PAGE_MARK, False):
            body = {
                "detail": BAD_REQUEST_DETAIL if response.status_code == 400 else response.reason_phrase,
                "request_id": _request_id_of(request),
            }
        else:
            return response
        response.content = json.dumps(body).encode()
        response["Content-Type"] = "application/json"
        response["Content-Length"] = str(len(response.content))
        return response


def _database_unavailable(request, response):
    response.status_code = 503
    response.reason_phrase = "Service Unavailable"
    response.content = json.dumps({"detail": DATABASE_UNAVAILABLE_DETAIL, "request_id": _request_id_of(request)}).encode()
    response["Content-Type"] = "application/json"
    response["Content-Length"] = str(len(response.content))
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    return response
