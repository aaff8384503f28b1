"""JSON logs that carry a request id, also across Celery messages.

The id comes from the ``X-Request-ID`` header (or is made up), is returned in
the response, rides in every task message published while handling the
request, and is restored in the worker that runs the task.
"""

import logging
import re
import uuid
from contextvars import ContextVar

from celery.signals import before_task_publish, task_postrun, task_prerun

REQUEST_ID_HEADER = "X-Request-ID"
MESSAGE_HEADER = "request_id"
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    return request_id_var.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


class ContextFilter(logging.Filter):
    def __init__(self, service: str = "") -> None:
        super().__init__()
        self.service = service

    def filter(self, record: logging.LogRecord) -> bool:
        record.service = self.service
        record.request_id = current_request_id()
        return True


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = offered if _VALID_ID.match(offered) else new_request_id()
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


@before_task_publish.connect
def _add_request_id_header(headers=None, **_kwargs) -> None:
    request_id = current_request_id()
    if headers is not None and request_id and MESSAGE_HEADER not in headers:
        headers[MESSAGE_HEADER] = request_id


@task_prerun.connect
def _restore_request_id(task=None, **_kwargs) -> None:
    request_id = getattr(task.request, MESSAGE_HEADER, None) if task else None
    request_id_var.set(request_id if isinstance(request_id, str) else new_request_id())


@task_postrun.connect
def _forget_request_id(**_kwargs) -> None:
    request_id_var.set(None)
