"""One error shape for every service: RFC 9457 problem details.

Every 4xx/5xx body of every HTTP endpoint, DRF or not, is served as
``Content-Type: application/problem+json``::

    {"type": "urn:tts:problem:<code>", "title": "<HTTP reason phrase>", "status": 400,
     "detail": "name: This field is required.", "code": "invalid", "request_id": "<X-Request-ID>",
     "errors": {"name": ["This field is required."], "steps": [{"name": ["..."]}]}}

- ``errors`` appears only on validation errors (400, ``code: "invalid"``), nested
  exactly as DRF nests them; ``detail`` then summarises the first field error.
- ``code`` is DRF's ``default_code`` (``not_authenticated``, ``permission_denied``,
  ``not_found``, ``throttled``, ``parse_error``...), ``server_error`` (500),
  ``database_unavailable`` (503) or a domain code.
- Extension members may follow (workflow deploy's ``problems``).

Services raise :class:`DomainError` (or :class:`NotFound`, :class:`Conflict`,
:class:`Forbidden`, or a subclass with its own ``code``) or Django's
``ValidationError``; views do not catch them: :func:`exception_handler`
(DRF's ``EXCEPTION_HANDLER``) renders them. A 401 keeps ``WWW-Authenticate``,
a 429 keeps ``Retry-After``.

A server error is always the 500 problem (``detail: "Internal server error"``),
DEBUG on or off, in every view (DRF or not): never Django's debug page. The
traceback still goes to the log (``django.request``). The database not answering
(``django.db.OperationalError``, which Django raises for psycopg's
``OperationalError`` and for the pool's ``PoolTimeout``; also a deadlock or a
cancelled statement, transient too) is a 503 ``database_unavailable`` with
``Retry-After: 5`` (seconds) instead, wherever it was raised: in a view, in DRF,
in the ``ATOMIC_REQUESTS`` transaction that wraps the view, or in a middleware.
It is decided once, in :class:`ServerErrorMiddleware`, from the exception Django
reports through ``got_request_exception``; that middleware also turns every
error response that is not JSON (Django's 404 page, its CSRF 403, the debug
page) into the problem of its status.

The request id is the one :class:`tts_common.logging.RequestIdMiddleware`
gives the request and returns in ``X-Request-ID``.
"""

import json
import sys
from http import HTTPStatus
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import got_request_exception
from django.db import OperationalError
from django.http import Http404, HttpResponse
from rest_framework import exceptions, renderers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from tts_common.logging import current_request_id

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_PREFIX = "urn:tts:problem:"
SERVER_ERROR_DETAIL = "Internal server error"
BAD_REQUEST_DETAIL = "Bad request"
NOT_FOUND_DETAIL = "Not found."  # DRF's words for its own 404
DATABASE_UNAVAILABLE_DETAIL = "The database is unavailable; try again shortly."
DATABASE_RETRY_AFTER_SECONDS = 5
UNCAUGHT_EXCEPTION_ATTRIBUTE = "tts_uncaught_exception"
INVALID_CODE = "invalid"
# The members every problem has; an extension may not replace them.
PROBLEM_MEMBERS = frozenset({"type", "title", "status", "detail", "code", "request_id", "errors"})

# The code of an error response that carries none (Django's own pages, rewritten by the middleware).
CODE_BY_STATUS = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "request_too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    429: "throttled",
    500: "server_error",
    503: "database_unavailable",
}


class DomainError(Exception):
    """A business rule refused the request: raise it in a service, never catch it in a view.

    ``DomainError("Name is taken.", field="name")`` renders as the 400 validation
    problem ``{"code": "invalid", "detail": "name: Name is taken.", "errors": {"name": ["Name is taken."]}}``;
    without ``field`` it is ``{"code": <code>, "detail": <detail>}`` with ``status``.
    ``code`` overrides the class's code; ``extra`` adds extension members
    (``{"problems": [...]}``), which may not reuse a problem's own member names.
    """

    status: int = 400
    code: str = INVALID_CODE

    def __init__(self, detail: str, *, field: str | None = None, code: str | None = None, extra: dict | None = None):
        super().__init__(detail)
        self.detail = detail
        self.field = field
        if code is not None:
            self.code = code
        self.extra = dict(extra or {})


class NotFound(DomainError):  # noqa: N818 (the names the team agreed on)
    status = 404
    code = "not_found"


class Conflict(DomainError):  # noqa: N818 (the names the team agreed on)
    status = 409
    code = "conflict"


class Forbidden(DomainError):  # noqa: N818 (the names the team agreed on)
    status = 403
    code = "permission_denied"


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE allows."
    default_code = "request_too_large"


class ProblemJSONRenderer(renderers.JSONRenderer):
    """JSON served as ``application/problem+json`` (every error response of DRF views)."""

    media_type = PROBLEM_CONTENT_TYPE


def _request_id_of(request) -> str | None:
    return getattr(request, "request_id", None) or current_request_id()


def reason_phrase(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return "Error"


def first_error(errors: Any, path: str = "") -> tuple[str, str] | None:
    """``("steps.0.name", "This field is required.")``: the first message of a DRF error
    structure (dicts of lists of strings or of nested structures), or None when it has none.
    ``non_field_errors`` does not appear in the path."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = "" if key in (api_settings.NON_FIELD_ERRORS_KEY, NON_FIELD_ERRORS) else str(key)
            found = first_error(value, f"{path}.{name}" if path and name else path or name)
            if found is not None:
                return found
        return None
    if isinstance(errors, list | tuple):
        for index, value in enumerate(errors):
            nested = isinstance(value, dict | list | tuple)
            found = first_error(value, f"{path}.{index}" if nested and path else str(index) if nested else path)
            if found is not None:
                return found
        return None
    if errors is None:
        return None
    return path, str(errors)


def validation_summary(errors: Any) -> str:
    """``"name: This field is required."``: the problem's ``detail`` for a validation error."""
    found = first_error(errors)
    if found is None:
        return "The request is invalid."
    path, message = found
    return f"{path}: {message}" if path else message


def problem(
    status_code: int,
    *,
    detail: str,
    code: str | None = None,
    request_id: str | None = None,
    errors: Any = None,
    extra: dict | None = None,
) -> dict[str, Any]:
    """The problem details object (module docstring). ``errors`` given makes it a validation
    problem (``code`` ``invalid`` unless given; ``detail`` is then usually :func:`validation_summary`)."""
    code = code or (INVALID_CODE if errors is not None else CODE_BY_STATUS.get(status_code, "error"))
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_PREFIX + code,
        "title": reason_phrase(status_code),
        "status": status_code,
        "detail": detail,
        "code": code,
        "request_id": request_id,
    }
    if errors is not None:
        body["errors"] = errors
    for key, value in (extra or {}).items():
        if key not in PROBLEM_MEMBERS:
            body[key] = value
    return body


def validation_problem(errors: Any, *, request_id: str | None = None) -> dict[str, Any]:
    """The 400 ``invalid`` problem for DRF-shaped field errors; a list becomes ``non_field_errors``."""
    if not isinstance(errors, dict):
        errors = {api_settings.NON_FIELD_ERRORS_KEY: list(errors) if isinstance(errors, list | tuple) else [str(errors)]}
    return problem(400, detail=validation_summary(errors), errors=errors, request_id=request_id)


def problem_response(request, body: dict[str, Any], *, headers: dict[str, str] | None = None) -> HttpResponse:
    """A plain Django response for a problem body (views and middleware outside DRF)."""
    response = HttpResponse(json.dumps(body), status=body["status"], content_type=PROBLEM_CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _django_validation_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): messages
            for field, messages in error.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: list(error.messages)}


def _domain_problem(error: DomainError, request_id: str | None) -> dict[str, Any]:
    if error.field is not None:
        body = problem(
            error.status,
            detail=f"{error.field}: {error.detail}",
            code=error.code,
            errors={error.field: [error.detail]},
            request_id=request_id,
        )
    else:
        body = problem(error.status, detail=error.detail, code=error.code, request_id=request_id)
    for key, value in error.extra.items():
        body.setdefault(key, value)
    return body


def _api_problem(exc: exceptions.APIException, data: Any, status_code: int, request_id: str | None) -> dict[str, Any]:
    if isinstance(exc, exceptions.ValidationError):
        return validation_problem(data, request_id=request_id)
    if isinstance(data, dict):
        # An APIException raised with a dict: simplejwt's {"detail", "code", "messages"}, or a view's extensions.
        extra = {key: value for key, value in data.items() if key not in ("detail", "code")}
        detail = str(data.get("detail") or exc.default_detail)
        code = str(data.get("code") or exc.default_code)
        return problem(status_code, detail=detail, code=code, request_id=request_id, extra=extra)
    if isinstance(data, list):
        return problem(status_code, detail=validation_summary(data), code=exc.default_code, request_id=request_id)
    codes = exc.get_codes()
    code = codes if isinstance(codes, str) else exc.default_code
    return problem(status_code, detail=str(exc.detail), code=code, request_id=request_id)


def exception_handler(exc, context):
    """DRF's ``EXCEPTION_HANDLER``: every exception DRF sees, as a problem (module docstring).

    Handles DRF's ``APIException`` (headers kept: ``WWW-Authenticate``,
    ``Retry-After``), Django's ``Http404`` and ``PermissionDenied``,
    :class:`DomainError`, Django's ``ValidationError`` (400, ``errors`` from its
    ``message_dict``, or ``{"non_field_errors": [...]}``), ``RequestDataTooBig``
    (413) and any other ``SuspiciousOperation`` (400). Returns None for the rest,
    which become the 500 (or 503) problem of :class:`ServerErrorMiddleware`.
    The transaction of the request is rolled back for all of them.
    """
    request = context.get("request")
    request_id = _request_id_of(request) if request is not None else current_request_id()
    if isinstance(exc, DomainError):
        set_rollback()
        response = _problem_drf_response(_domain_problem(exc, request_id))
    elif isinstance(exc, DjangoValidationError):
        set_rollback()
        response = _problem_drf_response(validation_problem(_django_validation_errors(exc), request_id=request_id))
    else:
        if isinstance(exc, RequestDataTooBig):
            exc = RequestTooLarge()
        elif isinstance(exc, SuspiciousOperation):
            exc = exceptions.ParseError(BAD_REQUEST_DETAIL)
        elif isinstance(exc, Http404):
            exc = exceptions.NotFound(*exc.args)
        elif isinstance(exc, PermissionDenied):
            exc = exceptions.PermissionDenied(*exc.args)
        response = drf_exception_handler(exc, context)
        if response is None:
            return None
        response.data = _api_problem(exc, response.data, response.status_code, request_id)
    if request is not None:
        # Whatever the client asked for (the browsable API's HTML included), an error is problem JSON.
        request.accepted_renderer = ProblemJSONRenderer()
        request.accepted_media_type = PROBLEM_CONTENT_TYPE
    return response


def _problem_drf_response(body: dict[str, Any]) -> Response:
    return Response(body, status=body["status"])


def server_error_body(request) -> dict[str, Any]:
    return problem(500, detail=SERVER_ERROR_DETAIL, code="server_error", request_id=_request_id_of(request))


def server_error(request, *args, **kwargs):
    """``handler500`` of every service's ``config/urls.py`` (used when DEBUG is off)."""
    return problem_response(request, server_error_body(request))


def bad_request(request, exception=None, *args, **kwargs):
    """``handler400``: a ``SuspiciousOperation`` or ``BadRequest`` outside DRF (DEBUG off)."""
    return problem_response(request, problem(400, detail=BAD_REQUEST_DETAIL, request_id=_request_id_of(request)))


def permission_denied(request, exception=None, *args, **kwargs):
    """``handler403``: Django's ``PermissionDenied`` outside DRF."""
    detail = str(exceptions.PermissionDenied.default_detail)
    return problem_response(request, problem(403, detail=detail, request_id=_request_id_of(request)))


def page_not_found(request, exception=None, *args, **kwargs):
    """``handler404``: no URL matched, or ``Http404`` outside DRF."""
    return problem_response(request, problem(404, detail=NOT_FOUND_DETAIL, request_id=_request_id_of(request)))


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
    """Outermost middleware: every error response that is not JSON becomes the problem of
    its status (a 500 that is Django's debug page or its plain-text traceback; the debug
    page Django renders for the 400 of a ``SuspiciousOperation``; Django's 404 page, which
    with DEBUG on lists every URL pattern; its CSRF 403; a 405 of a plain view). A 500
    caused by the database not answering becomes the 503 (module docstring), and one
    caused by a :class:`DomainError` raised outside DRF becomes that error's problem.

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
        uncaught = getattr(request, UNCAUGHT_EXCEPTION_ATTRIBUTE, None)
        if response.status_code == 500 and is_database_unavailable(uncaught):
            return _database_unavailable(request, response)
        if response.status_code == 500 and isinstance(uncaught, DomainError):
            return _replace_body(response, _domain_problem(uncaught, _request_id_of(request)))
        if response.status_code < 400 or getattr(response, "streaming", False) or is_json(response):
            return response
        request_id = _request_id_of(request)
        if response.status_code == 500:
            body = server_error_body(request)
        elif response.status_code == 404:
            body = problem(404, detail=NOT_FOUND_DETAIL, request_id=request_id)
        elif response.status_code == 400:
            body = problem(400, detail=BAD_REQUEST_DETAIL, request_id=request_id)
        else:
            detail = response.content.decode(errors="replace").strip() if _is_plain_text(response) else ""
            body = problem(response.status_code, detail=detail or reason_phrase(response.status_code), request_id=request_id)
        return _replace_body(response, body)


def _is_plain_text(response) -> bool:
    return response.get("Content-Type", "").startswith("text/plain") and len(response.content) < 500


def _replace_body(response, body: dict[str, Any]):
    response.status_code = body["status"]
    response.reason_phrase = body["title"]
    response.content = json.dumps(body).encode()
    response["Content-Type"] = PROBLEM_CONTENT_TYPE
    response["Content-Length"] = str(len(response.content))
    return response


def _database_unavailable(request, response):
    body = problem(503, detail=DATABASE_UNAVAILABLE_DETAIL, code="database_unavailable", request_id=_request_id_of(request))
    response = _replace_body(response, body)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    return response
