"""Django's debug page, replaced: ``DEFAULT_EXCEPTION_REPORTER`` of every service.

A module of its own with Django imports only: Django's logging setup imports
the reporter before the apps are ready.
"""

from django.views.debug import ExceptionReporter

# Set on a request whose exception Django turned into its debug page (DEBUG on).
DEBUG_PAGE_MARK = "tts_debug_page"


class DebugPageReporter(ExceptionReporter):
    """``DEFAULT_EXCEPTION_REPORTER``: with DEBUG on, Django renders its debug page through
    this reporter (also for the 400 of a ``SuspiciousOperation``); it renders nothing
    and marks the request, and :class:`tts_common.errors.ServerErrorMiddleware` answers JSON instead.
    The traceback is logged by Django either way."""

    def get_traceback_html(self):
        if self.request is not None:
            setattr(self.request, DEBUG_PAGE_MARK, True)
        return ""

    def get_traceback_text(self):
        return self.get_traceback_html()
