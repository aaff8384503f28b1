"""Refuse, before any view runs, a URL whose path or query parameters the database cannot store.

A NUL (``%00``) or a lone surrogate in a query parameter is a 400 naming the
parameter, in DRF's validation shape: ``{"ticket_id": ["Null characters are not
allowed."]}``; in the path it is a 400 ``{"detail": ..., "request_id": ...}``.
Bodies are checked by :mod:`tts_common.parsers`.
"""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import JsonResponse

from tts_common.validation import multi_value_problems, text_problem


def unstorable_url_response(request) -> JsonResponse | None:
    """The 400 for ``request``'s path or query string, or None when both can be stored."""
    problem = text_problem(request.path_info)
    if problem:
        return JsonResponse({"detail": f"URL path: {problem}", "request_id": getattr(request, "request_id", None)}, status=400)
    problems = multi_value_problems(request.GET.lists())
    return JsonResponse(problems, status=400) if problems else None


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
