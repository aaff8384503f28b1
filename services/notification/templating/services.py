"""Rendering notifications with Django's template language, and checking templates before they are saved.

Templates render on an engine of their own: plain text (autoescape off, since
mail bodies are text/plain and the console escapes what it shows), no
template loaders (``{% include %}`` and ``{% extends %}`` find nothing), and a
missing variable renders as an empty string. A type without an active
template, or a template that fails while rendering, falls back to a generic
rendering: a notification is never lost to a template.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.template import Context, Engine, TemplateSyntaxError

from templating.catalogue import type_label
from templating.defaults import DEFAULT_TEMPLATES
from templating.models import NotificationTemplate
from templating.selectors import template_for
from tts_common.errors import DomainError

logger = logging.getLogger(__name__)

SUBJECT_MAX_LENGTH = 255
ENGINE = Engine(autoescape=False, debug=False, string_if_invalid="", loaders=[], app_dirs=False)


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    template_id: int | None  # None: the generic fallback


class TemplateCheckError(DomainError):
    """A template that does not compile, or does not render: a 400 naming the broken part (``field``)."""

    def __init__(self, field: str, message: str):
        super().__init__(message, field=field)
        self.message = message


def template_check(*, subject: str, body: str) -> None:
    """Compile both parts and render them once without context; raise TemplateCheckError naming the first that fails."""
    for field, text in (("subject", subject), ("body", body)):
        try:
            compiled = ENGINE.from_string(text)
        except TemplateSyntaxError as error:
            raise TemplateCheckError(field, f"Not a valid template: {error}") from error
        try:
            compiled.render(Context({}, autoescape=False))
        except Exception as error:  # e.g. {% include %} of a template that cannot exist here
            raise TemplateCheckError(field, f"The template fails to render: {type(error).__name__}: {error}") from error


def _render_text(text: str, context: Mapping[str, Any]) -> str:
    return ENGINE.from_string(text).render(Context(dict(context), autoescape=False))


def one_line(text: str) -> str:
    """A subject: one line, at most 255 characters."""
    return " ".join(text.split())[:SUBJECT_MAX_LENGTH]


def fallback_render(*, notification_type: str, context: Mapping[str, Any]) -> Rendered:
    """What a type without a usable template says: its subject and message if the context has them, else the context itself."""
    subject = str(context.get("subject") or "") or type_label(notification_type)
    message = context.get("message")
    if message:
        body = str(message)
    else:
        shown = {key: value for key, value in context.items() if key not in {"subject", "frontend_url", "recipient", "notification_type"}}
        body = "\n".join(f"{key}: {value}" for key, value in shown.items()) or type_label(notification_type)
    return Rendered(subject=one_line(subject), body=body, template_id=None)


def render_template(template: NotificationTemplate, context: Mapping[str, Any]) -> Rendered:
    return Rendered(
        subject=one_line(_render_text(template.subject, context)),
        body=_render_text(template.body, context).strip(),
        template_id=template.pk,
    )


def template_preview(*, template: NotificationTemplate, context: Mapping[str, Any]) -> Rendered:
    """``template`` rendered with ``context`` as it is saved, active or not.

    Raises TemplateCheckError naming ``context`` when it fails to render with
    that context (the real delivery would fall back to the generic rendering).
    """
    try:
        return render_template(template, context)
    except Exception as error:  # the template language raises whatever the context's values raise
        raise TemplateCheckError("context", f"The template fails to render with this context: {error}") from error


def notification_render(*, notification_type: str, channel: str, context: Mapping[str, Any]) -> Rendered:
    """The subject and body of ``notification_type`` on ``channel`` for ``context``; never raises for a template's sake."""
    template = template_for(notification_type=notification_type, channel=channel)
    if template is None:
        return fallback_render(notification_type=notification_type, context=context)
    try:
        return render_template(template, context)
    except Exception:  # a template that compiles may still fail on odd data: the message still goes out
        logger.warning("template %s failed to render; using the generic fallback", template, exc_info=True)
        return fallback_render(notification_type=notification_type, context=context)


def default_templates_install(*, model=NotificationTemplate) -> int:
    """Create the shipped template of every (type, channel) that has none; edits are never overwritten. Returns how many were created."""
    created = 0
    for default in DEFAULT_TEMPLATES:
        _, made = model.objects.get_or_create(
            notification_type=default["notification_type"],
            channel=default["channel"],
            defaults={"subject": default["subject"], "body": default["body"], "description": default["description"]},
        )
        created += made
    return created
