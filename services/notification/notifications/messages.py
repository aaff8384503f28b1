"""Reading the messages producers send, exactly as the contract names their keywords.

Each reader takes what arrived (positional arguments in the documented order
are accepted too) and returns a typed request, or raises MalformedMessageError
with a reason an operator can act on. Unknown extra keywords are ignored, so
a producer that adds one does not break delivery. What PostgreSQL cannot
store is refused here, naming the field: NUL (U+0000) in text or inside
``metadata``/``context``, whole numbers outside 64 bits, and NaN or infinity.
"""

import hashlib
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from templating.catalogue import is_notification_type
from tts_common.jsonvalues import JsonTooDeepError, nul_path

ASSIGNMENT_FIELDS = ("user_id", "user_email", "task_id", "ticket_number", "task_title", "role_name")
INAPP_FIELDS = ("user_id", "subject", "message", "notification_type", "related_task_id", "related_ticket_number", "metadata")
SEND_EMAIL_FIELDS = ("to", "template", "context")
BULK_FIELDS = ("notifications",)
ASSIGNMENT_TYPE = "task_assignment"
TICKET_NUMBER_MAX_LENGTH = 64
DEDUPE_ID_MAX_LENGTH = 120
BIGINT = range(-(2**63), 2**63)


class MalformedMessageError(ValueError):
    """A message that can never be delivered as it is; retrying cannot help."""


@dataclass(frozen=True)
class InAppRequest:
    user_id: int
    notification_type: str
    subject: str = ""
    message: str = ""
    related_task_id: int | None = None
    related_ticket_number: str = ""
    metadata: dict = field(default_factory=dict)


@dataclass(frozen=True)
class EmailRequest:
    to: str
    notification_type: str
    context: dict
    user_id: int | None = None


def message_key(message_id: str | None) -> str:
    """The dedupe key of a message: its id (the Celery task id), or a fresh one when it has none."""
    if not message_id:
        return f"noid-{uuid.uuid4().hex}"
    if len(message_id) > DEDUPE_ID_MAX_LENGTH:
        return "sha256-" + hashlib.sha256(message_id.encode()).hexdigest()
    return message_id


def arguments(args: Sequence[Any], kwargs: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """Keywords, with positional arguments taken in the order of ``names``."""
    if len(args) > len(names):
        raise MalformedMessageError(f"expected at most {len(names)} positional arguments ({', '.join(names)}), got {len(args)}")
    given = dict(zip(names, args, strict=False))
    for name, value in kwargs.items():
        if name in given:
            raise MalformedMessageError(f"{name} was given both positionally and as a keyword")
        given[name] = value
    return given


def _type_name(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _whole_number(payload: Mapping[str, Any], name: str, *, required: bool) -> int | None:
    value = payload.get(name)
    if value is None or value == "":
        if required:
            raise MalformedMessageError(f"{name} is missing")
        return None
    if isinstance(value, bool):
        raise MalformedMessageError(f"{name} must be a whole number, not bool")
    if isinstance(value, str) and value.strip().lstrip("-").isdigit() and len(value) < 30:
        value = int(value.strip())
    if isinstance(value, int):
        if value not in BIGINT:
            raise MalformedMessageError(f"{name} is out of range (64-bit whole numbers)")
        return value
    raise MalformedMessageError(f"{name} must be a whole number, not {_type_name(value)}")


def _text(payload: Mapping[str, Any], name: str, *, required: bool = False, max_length: int | None = None) -> str:
    value = payload.get(name)
    if value is None:
        if required:
            raise MalformedMessageError(f"{name} is missing")
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise MalformedMessageError(f"{name} must be a string, not {_type_name(value)}")
    if "\x00" in value:
        raise MalformedMessageError(f"{name} contains a NUL character (U+0000)")
    if required and not value.strip():
        raise MalformedMessageError(f"{name} is blank")
    if max_length is not None and len(value) > max_length:
        raise MalformedMessageError(f"{name} is longer than {max_length} characters")
    return value


def _object(payload: Mapping[str, Any], name: str) -> dict:
    value = payload.get(name)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise MalformedMessageError(f"{name} must be an object, not {_type_name(value)}")
    storable_json(value, name)
    return dict(value)


def storable_json(value: Any, name: str) -> None:
    """Refuse what a ``jsonb`` column refuses: NUL in a string or key, NaN and infinity, absurd nesting."""
    try:
        where = nul_path(value, name)
        json.dumps(value, allow_nan=False)
    except JsonTooDeepError as error:
        raise MalformedMessageError(f"{name} is not storable JSON: {error}") from None
    except ValueError:
        raise MalformedMessageError(f"{name} holds NaN or infinity, which JSON cannot carry") from None
    except (TypeError, RecursionError) as error:
        raise MalformedMessageError(f"{name} is not storable JSON: {type(error).__name__}") from None
    if where:
        raise MalformedMessageError(f"{where} contains a NUL character (U+0000)")


def _notification_type(payload: Mapping[str, Any], name: str) -> str:
    value = _text(payload, name, required=True)
    if not is_notification_type(value):
        raise MalformedMessageError(f"{name} {value[:80]!r} is not a notification type (a lower-case slug of at most 64 characters)")
    return value


def _email_address(payload: Mapping[str, Any], name: str) -> str:
    value = _text(payload, name, required=True).strip()
    try:
        validate_email(value)
    except ValidationError:
        raise MalformedMessageError(f"{name} {value[:120]!r} is not an email address") from None
    return value


def _positive_user_id(payload: Mapping[str, Any], name: str = "user_id", *, required: bool = True) -> int | None:
    value = _whole_number(payload, name, required=required)
    if value is not None and value <= 0:
        raise MalformedMessageError(f"{name} must be positive")
    return value


def _mapping(payload: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(payload, Mapping):
        raise MalformedMessageError(f"{what} must be an object, not {_type_name(payload)}")
    return payload


def inapp_request_from(payload: Any) -> InAppRequest:
    """The keywords of ``notifications.create_inapp_notification`` (also one item of a bulk message)."""
    payload = _mapping(payload, "the notification")
    return InAppRequest(
        user_id=_positive_user_id(payload),
        notification_type=_notification_type(payload, "notification_type"),
        subject=_text(payload, "subject"),
        message=_text(payload, "message"),
        related_task_id=_whole_number(payload, "related_task_id", required=False),
        related_ticket_number=_text(payload, "related_ticket_number", max_length=TICKET_NUMBER_MAX_LENGTH).strip(),
        metadata=_object(payload, "metadata"),
    )


def assignment_email_from(payload: Mapping[str, Any]) -> EmailRequest:
    """The keywords of ``task.send_assignment_notification``: mail with the ``task_assignment`` template."""
    user_id = _positive_user_id(payload)
    to = _email_address(payload, "user_email")
    context = {
        "user_id": user_id,
        "user_email": to,
        "task_id": _whole_number(payload, "task_id", required=False),
        "ticket_number": _text(payload, "ticket_number", required=True, max_length=TICKET_NUMBER_MAX_LENGTH).strip(),
        "task_title": _text(payload, "task_title"),
        "role_name": _text(payload, "role_name"),
    }
    return EmailRequest(to=to, notification_type=ASSIGNMENT_TYPE, context=context, user_id=user_id)


def send_email_from(payload: Mapping[str, Any]) -> EmailRequest:
    """The keywords of ``notifications.send_email``: ``to``, ``template`` (the notification type) and ``context``.

    ``user_id`` is an optional extra: with it, the person's preferences are found
    by id rather than by address.
    """
    return EmailRequest(
        to=_email_address(payload, "to"),
        notification_type=_notification_type(payload, "template"),
        context=_object(payload, "context"),
        user_id=_positive_user_id(payload, required=False),
    )


def bulk_items_from(payload: Mapping[str, Any]) -> list:
    """The ``notifications`` list of ``notifications.bulk_create_notifications`` (items are read one by one)."""
    items = payload.get("notifications")
    if items is None:
        raise MalformedMessageError("notifications is missing")
    if not isinstance(items, list | tuple):
        raise MalformedMessageError(f"notifications must be a list, not {_type_name(items)}")
    return list(items)


def best_effort_details(payload: Any) -> dict[str, Any]:
    """What can be told about a malformed message's recipient and type, for the delivery log."""
    if not isinstance(payload, Mapping):
        return {}
    details: dict[str, Any] = {}
    user_id = payload.get("user_id")
    if isinstance(user_id, int) and not isinstance(user_id, bool) and 0 < user_id < 2**63:
        details["user_id"] = user_id
    for key in ("user_email", "to"):
        if isinstance(payload.get(key), str):
            details["recipient"] = payload[key][:254]
    for key in ("notification_type", "template"):
        if isinstance(payload.get(key), str):
            details["notification_type"] = payload[key][:64]
    return details
