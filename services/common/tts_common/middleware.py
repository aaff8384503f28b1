"""Refuse, before any view runs, a URL that is too long or whose path or query parameters the database cannot store.

A query string longer than :data:`tts_common.limits.MAX_QUERY_STRING_BYTES` is the
414 problem (``code: "uri_too_long"``), before it is parsed.

A NUL (``%00``) or a lone surrogate in a query parameter is the 400 validation
problem naming the parameter (``"errors": {"ticket_id": ["Null characters are not
allowed."]}``); in the path it is a 400 problem with ``code: "invalid"`` and
``detail: "URL path: ..."``. Bodies are checked by :mod:`tts_common.parsers`.
"""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpResponse

from tts_common.errors import problem, problem_response, validation_problem
from tts_common.limits import MAX_QUERY_STRING_BYTES
from tts_common.validation import multi_value_problems, text_problem


def unstorable_url_response(request) -> HttpResponse | None:
    """The 414 or 400 for ``request``'s path or query string, or None when both are acceptable."""
    request_id = getattr(request, "request_id", None)
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING_BYTES:
        detail = f"The query string is longer than {MAX_QUERY_STRING_BYTES} bytes."
        return problem_response(request, problem(414, detail=detail, code="uri_too_long", request_id=request_id))
    path_problem = text_problem(request.path_info)
    if path_problem:
        return problem_response(request, problem(400, detail=f"URL path: {path_problem}", code="invalid", request_id=request_id))
    problems = multi_value_problems(request.GET.lists())
    return problem_response(request, validation_problem(problems, request_id=request_id)) if problems else None


class UnstorableInputMiddleware:
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
        return unstorable_url_response(request) or self.get_response(request)

    async def _acall(self, request):
        return unstorable_url_response(request) or await self.get_response(request)
