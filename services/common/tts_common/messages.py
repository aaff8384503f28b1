"""The queue messages as code: one typed definition per task name of the routing table.

Each :class:`MessageDefinition` says, for one task name of
``tts_common.routing.TASK_QUEUES``: its queue, how it is called (one
positional object, positional arguments, keywords, or nothing: exactly as
``../shared/contract.md`` fixes it), the pydantic model of its payload, the
services that produce it and the one that consumes it. Producers build the
message through the definition and consumers read it through the same one,
so the two sides cannot drift apart; ``docs/asyncapi.yaml`` is generated from
:data:`MESSAGES` (``python -m tts_common.asyncapi``).

- ``DEFINITION.build(**fields)`` validates and returns an
  :class:`OutgoingMessage` ``(task_name, args, kwargs)`` of plain JSON values,
  which ``outbox_enqueue_many`` takes as it is, or ``.enqueue()`` writes to the
  outbox in the caller's transaction.
- ``DEFINITION.parse(args, kwargs)`` returns the model, or raises
  :class:`MalformedMessageError` naming the field (``user_id: Input should be
  greater than 0``). ``tts_common.celery.message_read`` is how a task calls it.

The models define and validate the wire shape only: what the contract names,
and what PostgreSQL cannot store (NUL in text, whole numbers beyond 64 bits,
NaN, JSON nested too deep, text longer than the column it lands in: the
limits of ``tts_common.limits``). Business rules stay in the services. Unknown extra
keywords are ignored (a producer that adds one breaks nothing), except in
``ticket_data``, whose free-form extras are kept.
"""

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Generic, Literal, NamedTuple, TypeVar

from pydantic import (
    AfterValidator,
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
    field_validator,
)

from tts_common import routing
from tts_common.jsonvalues import MAX_JSON_DEPTH, NULL_MESSAGE, JsonTooDeepError, dotted_path, json_path, unstorable
from tts_common.limits import EMAIL_MAX_LENGTH, FULL_NAME_MAX_LENGTH, ROLE_NAME_MAX_LENGTH, SYSTEM_SLUG_MAX_LENGTH

TICKET_NUMBER_MAX_LENGTH = 64
STATUS_MAX_LENGTH = 50
SUBJECT_MAX_LENGTH = 255  # notification's InAppNotification.subject column
BULK_MAX_ITEMS = 1000  # above any producer's batch: the SLA sweep sends at most 500 warnings in one message
LATEST_EPOCH_SECONDS = 253402300799  # 9999-12-31T23:59:59Z, the last second datetime can hold
BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1
NOTIFICATION_TYPE_PATTERN = r"^[a-z][a-z0-9_.-]{0,63}$"
PRIORITY_NAMES = {"low": "Low", "medium": "Medium", "high": "High", "critical": "Critical", "urgent": "Critical"}

Priority = Literal["Low", "Medium", "High", "Critical"]
SyncAction = Literal["create", "update", "delete"]


class MalformedMessageError(ValueError):
    """A message that can never be processed as it is; retrying cannot help.

    ``field`` is the dotted path of the first offending field (``""`` for the
    message as a whole); ``str(error)`` is the reason, naming it:
    ``"user_id: Input should be greater than 0"``, ``"ticket_data.ticket_number is missing"``,
    ``"metadata must be an object, not list"`` (``" (and N more)"`` when several fields are wrong).
    """

    def __init__(self, reason: str, *, field: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field


# --- the value types every model shares ------------------------------------------------------


def _not_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("must be a whole number, not a boolean")
    return value


def _storable_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("contains a NUL character (U+0000), which cannot be stored")
    return value


def _storable_json(value: Any) -> Any:
    try:
        problem = next(unstorable(value), None)
        if problem is None:
            json.dumps(value, allow_nan=False)
    except JsonTooDeepError:
        raise ValueError(f"is nested deeper than {MAX_JSON_DEPTH} levels") from None
    except (TypeError, ValueError, RecursionError) as error:
        raise ValueError(f"is not storable JSON ({type(error).__name__})") from None
    if problem is not None:
        path, why = problem
        raise ValueError(f"{dotted_path(path) or 'the value'}: {why}")
    return value


# Constraints before the validator: after it, pydantic would write them into the JSON schema as unknown keys.
WholeNumber = Annotated[int, Field(ge=BIGINT_MIN, le=BIGINT_MAX), BeforeValidator(_not_bool)]
PositiveId = Annotated[int, Field(gt=0, le=BIGINT_MAX), BeforeValidator(_not_bool)]
Text = Annotated[str, AfterValidator(_storable_text)]
RequiredText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_storable_text)]


def bounded_text(max_length: int, *, required: bool = False) -> Any:
    """Text of at most ``max_length`` characters (the column it lands in), with no NUL; ``required``: 1 or more once stripped."""
    if required:
        return Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length), AfterValidator(_storable_text)]
    return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(_storable_text)]


TicketNumber = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=TICKET_NUMBER_MAX_LENGTH),
    AfterValidator(_storable_text),
    Field(description="The HDTS ticket number, e.g. TX20251119000123.", examples=["TX20251119000123"]),
]
JsonObject = Annotated[dict[str, Any], AfterValidator(_storable_json)]
NotificationType = Annotated[
    str,
    StringConstraints(pattern=NOTIFICATION_TYPE_PATTERN),
    Field(
        description="A lower-case slug: task_assignment, task_transfer, task_escalation, task_completed, sla_warning, "
        "sla_breach, comment_added, system, ..."
    ),
]


def _email_address(value: str) -> str:
    from django.core.exceptions import ValidationError as DjangoValidationError
    from django.core.validators import validate_email

    value = value.strip()
    try:
        validate_email(value)
    except DjangoValidationError:
        raise ValueError(f"{value[:120]!r} is not an email address") from None
    return value


EmailAddress = Annotated[
    str,
    StringConstraints(max_length=EMAIL_MAX_LENGTH),
    AfterValidator(_email_address),
    AfterValidator(_storable_text),
    Field(json_schema_extra={"format": "email"}),
]


class Payload(BaseModel):
    """Base of every payload model: numbers are read as text where text is expected, unknown keys ignored."""

    model_config = ConfigDict(coerce_numbers_to_str=True, extra="ignore", frozen=True)

    # Whether the whole payload, free-form extras included, is checked for what PostgreSQL cannot store.
    check_storable: ClassVar[bool] = False


# --- tickets (HDTS -> workflow_api) and their status (workflow_api -> HDTS) ----------------------


class Employee(Payload):
    """The employee who raised the ticket; other keys are kept."""

    model_config = ConfigDict(extra="allow")

    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    company_id: str | None = None
    department: str | None = None


class TicketAttachment(Payload):
    """A file of the ticket, served by the HDTS at ``file_path``; other keys are kept."""

    model_config = ConfigDict(extra="allow")

    id: WholeNumber | str | None = None
    file_name: str | None = None
    file_type: str | None = None
    file_size: WholeNumber | str | None = Field(default=None, description="Bytes (some producers send it as text).")
    file_path: str | None = None


class TicketData(Payload):
    """A ticket exactly as the real HDTS (and ticket_mock) publishes it.

    Only the ticket number is required (``ticket_number``, or ``ticket_id`` as
    some producers write it; a number is read as text, 1 to 64 characters once
    stripped). ``sub_category`` may come as ``subcategory``. ``priority`` is
    read in any letter case (``Urgent`` is ``Critical``); anything else reads
    as none, which intake treats as ``Medium``. Every other key (``asset_name``,
    ``requested_budget``, ``dynamic_data``, ...) is kept as a free-form extra.
    Nothing in the payload, keys and extras included, may hold a NUL
    character or be nested deeper than 64 levels.

    ``submit_date`` is not validated: the contract records as unprocessable
    only a payload with no ticket number or that is not an object, and
    intake must not drop a ticket for a bad optional field. Intake uses no
    date from it (the task's own ``created_at`` is when it arrived), so a
    malformed one stays in the kept payload exactly as the help desk sent it.
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True)
    check_storable: ClassVar[bool] = True

    ticket_number: TicketNumber = Field(validation_alias=AliasChoices("ticket_number", "ticket_id"))
    subject: str | None = None
    description: str | None = None
    category: str | None = None
    sub_category: str | None = Field(default=None, validation_alias=AliasChoices("sub_category", "subcategory"))
    department: str | None = None
    priority: Priority | None = None
    status: str | None = None
    submit_date: str | None = Field(
        default=None,
        description="The help desk's timestamp as sent, ISO 8601 by the contract (e.g. 2025-11-19T08:30:00+00:00); "
        "not checked: intake keeps it in the payload as it is and reads nothing from it.",
    )
    employee: Employee | None = None
    attachments: list[TicketAttachment] | None = None

    @field_validator("priority", mode="before")
    @classmethod
    def _priority(cls, value: Any) -> str | None:
        return PRIORITY_NAMES.get(str(value).strip().casefold()) if isinstance(value, str | int) else None


class TicketStatus(Payload):
    """What became of a ticket in workflow_api: ``In Progress``, ``Resolved``, ``Rejected``, ... (both text, never numbers)."""

    model_config = ConfigDict(coerce_numbers_to_str=False)

    ticket_number: TicketNumber
    new_status: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=STATUS_MAX_LENGTH), AfterValidator(_storable_text)
    ]


# --- auth -> workflow_api: the replica of TTS roles ---------------------------------------------


class RoleSync(Payload):
    """A TTS role as auth has it now (``action``: what just happened to it)."""

    role_id: PositiveId
    name: bounded_text(ROLE_NAME_MAX_LENGTH, required=True)
    system: bounded_text(SYSTEM_SLUG_MAX_LENGTH) = "tts"
    description: Text = ""
    action: SyncAction

    @field_validator("system", "description", mode="before")
    @classmethod
    def _none_is_default(cls, value: Any, info) -> Any:
        return cls.model_fields[info.field_name].default if value is None else value


class UserSystemRoleSync(Payload):
    """One user's TTS role as auth has it now; ``is_active`` is false when either the assignment or the user is inactive."""

    user_system_role_id: PositiveId
    user_id: PositiveId
    user_email: bounded_text(EMAIL_MAX_LENGTH) = ""
    user_full_name: bounded_text(FULL_NAME_MAX_LENGTH) = ""
    system: bounded_text(SYSTEM_SLUG_MAX_LENGTH) = "tts"
    role_id: PositiveId
    role_name: bounded_text(ROLE_NAME_MAX_LENGTH) = ""
    is_active: bool = True
    action: SyncAction

    @field_validator("user_email", "user_full_name", "system", "role_name", mode="before")
    @classmethod
    def _none_is_default(cls, value: Any, info) -> Any:
        return cls.model_fields[info.field_name].default if value is None else value


class NoArguments(Payload):
    """The task takes no arguments."""

    model_config = ConfigDict(extra="forbid")


# --- notifications --------------------------------------------------------------------------


class AssignmentNotification(Payload):
    """Mail the assignee of a task (template ``task_assignment``); ``task_title`` is the ticket's subject."""

    user_id: PositiveId
    user_email: EmailAddress
    task_id: WholeNumber | None = None
    ticket_number: TicketNumber
    task_title: Text = ""
    role_name: bounded_text(ROLE_NAME_MAX_LENGTH) = ""


class InAppNotification(Payload):
    """One in-app notification for ``user_id`` (also one item of a bulk message).

    ``subject`` is at most 255 characters (the column); ``message`` has no limit (a text column).
    """

    user_id: PositiveId
    subject: bounded_text(SUBJECT_MAX_LENGTH) = ""
    message: Text = ""
    notification_type: NotificationType
    related_task_id: WholeNumber | None = None
    related_ticket_number: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=TICKET_NUMBER_MAX_LENGTH), AfterValidator(_storable_text)
    ] = ""
    metadata: JsonObject = Field(default_factory=dict)

    @field_validator("subject", "message", "related_ticket_number", "metadata", mode="before")
    @classmethod
    def _none_is_default(cls, value: Any, info) -> Any:
        if value is not None:
            return value
        return {} if info.field_name == "metadata" else ""


class BulkNotifications(Payload):
    """Several in-app notifications in one message.

    Each item has exactly the keywords of ``notifications.create_inapp_notification``; at most
    1000 items (:data:`BULK_MAX_ITEMS`; the SLA sweep's batch is 500, a breach tells 2 people, a comment
    the people who ever held the ticket's task).
    The list is read here; the consumer reads the items one by one
    (:meth:`items`), so a malformed item costs only itself.
    """

    notifications: Annotated[
        list[Any],
        Field(max_length=BULK_MAX_ITEMS),
        WithJsonSchema(
            {"type": "array", "items": InAppNotification.model_json_schema(), "maxItems": BULK_MAX_ITEMS, "title": "Notifications"}
        ),
    ]

    def items(self) -> list["InAppNotification | MalformedMessageError"]:
        """Each item read as :class:`InAppNotification`, or the error naming its field (``notifications.2.user_id: ...``)."""
        read: list[InAppNotification | MalformedMessageError] = []
        for index, item in enumerate(self.notifications):
            try:
                read.append(_validate(InAppNotification, item, f"notifications.{index}"))
            except MalformedMessageError as error:
                read.append(error)
        return read


class Email(Payload):
    """Mail ``to`` with the template of type ``template`` rendered with ``context``.

    ``user_id`` is an optional extra: with it, the person's preferences are found by id rather than by address.
    """

    to: EmailAddress
    template: NotificationType
    context: JsonObject = Field(default_factory=dict)
    user_id: PositiveId | None = None

    @field_validator("context", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return {} if value is None else value


# --- workflow_api's own work, and what it asks of others -------------------------------------


class ParticipantsNotice(Payload):
    """Tell the people on a ticket's task (never ``author_user_id``) in-app, e.g. about a new comment."""

    ticket_number: TicketNumber
    author_user_id: PositiveId | None = None
    notification_type: NotificationType = "comment_added"
    subject: bounded_text(SUBJECT_MAX_LENGTH) = ""
    message: Text = ""
    metadata: JsonObject | None = None


class CheckoutRequest(Payload):
    """A resolved task's request to the asset (AMS) or budget (BMS) system; ``ticket`` is the intake payload."""

    ticket_number: TicketNumber
    task_id: PositiveId
    ticket: JsonObject


class TokenRevocation(Payload):
    """A user's tokens issued before ``not_before`` are dead.

    ``not_before`` is epoch seconds, a number from 0 to 253402300799 (the end of year 9999, the last second a datetime holds).
    """

    user_id: Annotated[StrictInt, Field(gt=0, le=BIGINT_MAX)]
    not_before: Annotated[float, Field(ge=0, le=LATEST_EPOCH_SECONDS, allow_inf_nan=False, description="Epoch seconds.")]

    @field_validator("not_before", mode="before")
    @classmethod
    def _a_number(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"must be a number of epoch seconds, not {_type_name(value)}")
        if not math.isfinite(value):
            raise ValueError("must be a finite number of epoch seconds")
        return value


class CommentCreated(Payload):
    """A comment as messaging stored it (the contract's comment shape); ``created_at`` is ISO 8601."""

    id: PositiveId
    ticket_id: TicketNumber
    user_id: PositiveId
    author_name: bounded_text(FULL_NAME_MAX_LENGTH) = ""
    content: Text = ""
    parent: PositiveId | None = None
    created_at: bounded_text(64) = ""


class WebhookDelivery(Payload):
    """One attempt at a webhook delivery row of workflow_api (``webhooks.Delivery``)."""

    delivery_id: PositiveId


# --- definitions ----------------------------------------------------------------------------

M = TypeVar("M", bound=BaseModel)


class Calling(StrEnum):
    """How the payload travels in Celery's ``[args, kwargs, embed]`` body."""

    NOTHING = "nothing"  # args = [], kwargs = {}
    OBJECT = "one positional object"  # args = [payload] (or kwargs = {keyword: payload} where a keyword is named)
    POSITIONAL = "positional arguments"  # args = [field1, field2, ...] in the model's order (keywords accepted too)
    KEYWORDS = "keywords"  # kwargs = {field: value} (positional arguments in the model's order accepted too)


class OutgoingMessage(NamedTuple):
    """A built message: what ``outbox_enqueue_many`` takes, plain JSON values only."""

    task_name: str
    args: list
    kwargs: dict | None

    def enqueue(self):
        """Write it to the outbox in the caller's transaction (needs ``tts_common.outbox``); returns the row."""
        from tts_common.outbox.services import outbox_enqueue

        return outbox_enqueue(task_name=self.task_name, args=self.args, kwargs=self.kwargs)


# The names pydantic gives a union's members in an error's location ("id.int", "x.function-after[...]"): not fields.
_UNION_MEMBER = re.compile(r"^(int|float|str|bool|none|.*\[.*\]|constrained-\w+|lax-or-strict|json-or-python)$")


def _where(loc: tuple, root: str) -> str:
    parts = [str(part) for part in loc if not (isinstance(part, str) and _UNION_MEMBER.match(part))]
    return ".".join([root] * bool(root) + parts)


def _reason(error: ValidationError, root: str) -> MalformedMessageError:
    first = error.errors(include_url=False)[0]
    field = _where(tuple(first["loc"]), root)
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "missing":
        message = "is missing"
    elif first["type"] in ("model_type", "model_attributes_type", "dict_type"):
        message = f"must be an object, not {_type_name(first.get('input'))}"
    reason = f"{field} {message}" if message == "is missing" or message.startswith("must be an object") else f"{field}: {message}"
    more = error.error_count() - 1
    if more:
        reason += f" (and {more} more)"
    return MalformedMessageError(reason.strip(": "), field=field)


def _type_name(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _check_storable(data: Mapping, root: str) -> None:
    try:
        problem = next(unstorable(dict(data)), None)
    except JsonTooDeepError:
        raise MalformedMessageError(f"{root or 'the payload'} is nested deeper than {MAX_JSON_DEPTH} levels", field=root) from None
    if problem is not None:
        path, why = problem
        where = json_path(path, root or "$")
        if why == NULL_MESSAGE:
            why = "contains a NUL character (U+0000), which cannot be stored"
        raise MalformedMessageError(f"{where} {why}", field=dotted_path(path, root))


def _validate(model: type[M], data: Any, root: str) -> M:
    if not isinstance(data, Mapping):
        raise MalformedMessageError(f"{root or 'the payload'} must be an object, not {_type_name(data)}", field=root)
    if getattr(model, "check_storable", False):
        _check_storable(data, root)
    try:
        return model.model_validate(dict(data))
    except ValidationError as error:
        raise _reason(error, root) from None


@dataclass(frozen=True)
class MessageDefinition(Generic[M]):
    """One task name of the routing table: its queue, calling convention, payload model, producers and consumer."""

    task_name: str
    model: type[M]
    calling: Calling
    producers: tuple[str, ...]
    consumer: str
    summary: str
    keyword: str = ""  # OBJECT: the keyword the payload may come under instead (``ticket_data``), and its name in errors

    @property
    def queue(self) -> str:
        return routing.TASK_QUEUES[self.task_name]

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(self.model.model_fields)

    def parse(self, args: Sequence[Any] = (), kwargs: Mapping[str, Any] | None = None) -> M:
        """The payload of a received message as the model, or MalformedMessageError naming the field."""
        args, kwargs = list(args or ()), dict(kwargs or {})
        if self.calling is Calling.NOTHING:
            if args or kwargs:
                raise MalformedMessageError(f"{self.task_name} takes no arguments, got {len(args)} positional and {sorted(kwargs)}")
            return self.model()
        if self.calling is Calling.OBJECT:
            return _validate(self.model, self.object_of(args, kwargs), self.keyword or "payload")
        return _validate(self.model, self._arguments(args, kwargs), "")

    def object_of(self, args: Sequence[Any] = (), kwargs: Mapping[str, Any] | None = None) -> Any:
        """The payload of a message called with one object, as it arrived (not validated).

        MalformedMessageError (naming the keyword) when there is none, more than one positional argument, or the
        object both positionally and under the keyword: the contract's ``maxItems: 1``, as ``send_ticket_status``
        refuses a field given both ways.
        """
        name = self.keyword or "payload"
        if len(args) > 1:
            raise MalformedMessageError(f"{name}: expected one positional object, got {len(args)} positional arguments", field=name)
        if args and self.keyword and self.keyword in (kwargs or {}):
            raise MalformedMessageError(f"{name} was given both positionally and as a keyword", field=name)
        if args:
            return args[0]
        if self.keyword and self.keyword in (kwargs or {}):
            return kwargs[self.keyword]
        expected = f"one positional object or the keyword {self.keyword}" if self.keyword else "one positional object"
        raise MalformedMessageError(f"no {name}: expected {expected}", field=name)

    def _arguments(self, args: list, kwargs: dict) -> dict[str, Any]:
        names = self.field_names
        if len(args) > len(names):
            raise MalformedMessageError(f"expected at most {len(names)} positional arguments ({', '.join(names)}), got {len(args)}")
        given = dict(zip(names, args, strict=False))
        for name, value in kwargs.items():
            if name in given:
                raise MalformedMessageError(f"{name} was given both positionally and as a keyword", field=name)
            given[name] = value
        return given

    def message(self, payload: M) -> OutgoingMessage:
        """The message carrying an already validated ``payload``, called as the contract says."""
        if not isinstance(payload, self.model):
            raise TypeError(f"{self.task_name} carries {self.model.__name__}, not {type(payload).__name__}")
        data = payload.model_dump(mode="json", exclude_unset=True)
        if self.calling is Calling.NOTHING:
            return OutgoingMessage(self.task_name, [], None)
        if self.calling is Calling.OBJECT:
            return OutgoingMessage(self.task_name, [data], None)
        if self.calling is Calling.POSITIONAL:
            return OutgoingMessage(self.task_name, [data[name] for name in self.field_names], None)
        return OutgoingMessage(self.task_name, [], data)

    def build(self, **fields: Any) -> OutgoingMessage:
        """Validate ``fields`` and return the message; a producer's mistake raises MalformedMessageError."""
        return self.message(_validate(self.model, fields, ""))

    def enqueue(self, **fields: Any):
        """``build`` and write it to the outbox in the caller's transaction; returns the outbox row."""
        return self.build(**fields).enqueue()


def _definition(
    task_name: str, model: type[M], calling: Calling, producers: tuple[str, ...], consumer: str, summary: str, keyword: str = ""
):
    return MessageDefinition(task_name, model, calling, producers, consumer, summary, keyword)


RECEIVE_TICKET = _definition(
    routing.RECEIVE_TICKET, TicketData, Calling.OBJECT, ("ticket_mock", "hdts"), "workflow_api",
    "A new ticket from the help desk; workflow_api makes it a task (idempotent on ticket_number).", keyword="ticket_data",
)  # fmt: skip
SEND_TICKET_STATUS = _definition(
    routing.SEND_TICKET_STATUS, TicketStatus, Calling.POSITIONAL, ("workflow_api",), "ticket_mock",
    "A ticket's status as workflow_api sees it now, reported back to the help desk.",
)  # fmt: skip
SYNC_ROLE = _definition(
    routing.SYNC_ROLE, RoleSync, Calling.OBJECT, ("auth",), "workflow_api",
    "A TTS role was created, updated or deleted in auth; workflow_api's replica follows.", keyword="payload",
)  # fmt: skip
SYNC_USER_SYSTEM_ROLE = _definition(
    routing.SYNC_USER_SYSTEM_ROLE, UserSystemRoleSync, Calling.OBJECT, ("auth",), "workflow_api",
    "A user's TTS role was assigned, changed or revoked in auth; workflow_api's replica of the role's members follows.",
    keyword="payload",
)  # fmt: skip
SEED_WORKFLOWS = _definition(
    routing.SEED_WORKFLOWS, NoArguments, Calling.NOTHING, ("operator",), "workflow_api",
    "Create the demo workflows (one deployed workflow per demo category) where missing.",
)  # fmt: skip
SEND_ASSIGNMENT_NOTIFICATION = _definition(
    routing.SEND_ASSIGNMENT_NOTIFICATION, AssignmentNotification, Calling.KEYWORDS, ("workflow_api",), "notification",
    "Mail the person a task was just assigned to.",
)  # fmt: skip
CREATE_INAPP_NOTIFICATION = _definition(
    routing.CREATE_INAPP_NOTIFICATION, InAppNotification, Calling.KEYWORDS, ("workflow_api",), "notification",
    "Store one in-app notification and push it to the person's open consoles.",
)  # fmt: skip
BULK_CREATE_NOTIFICATIONS = _definition(
    routing.BULK_CREATE_NOTIFICATIONS, BulkNotifications, Calling.KEYWORDS, ("workflow_api",), "notification",
    "Several in-app notifications at once (the SLA sweep's warnings and breaches, a comment's participants).",
)  # fmt: skip
SEND_EMAIL = _definition(
    routing.SEND_EMAIL, Email, Calling.KEYWORDS, ("auth", "notification"), "notification",
    "Mail rendered from a template: auth's passcodes, password resets and sign-in alerts, and notification's send endpoint.",
)  # fmt: skip
SLA_SWEEP = _definition(
    routing.SLA_SWEEP, NoArguments, Calling.NOTHING, ("workflow_api",), "workflow_api",
    "Warn about assignments near their target, and mark and escalate the breached ones (workflow_api's beat, every minute).",
)  # fmt: skip
NOTIFY_TICKET_PARTICIPANTS = _definition(
    routing.NOTIFY_TICKET_PARTICIPANTS, ParticipantsNotice, Calling.KEYWORDS, ("messaging",), "workflow_api",
    "Tell the people working a ticket, except its author, about something new on it (a comment).",
)  # fmt: skip
AMS_CHECKOUT = _definition(
    routing.AMS_CHECKOUT, CheckoutRequest, Calling.OBJECT, ("workflow_api",), "ams",
    "A resolved task of a workflow whose end logic is asset: check the asset out (consumed by the external AMS).", keyword="request",
)  # fmt: skip
BMS_CHECKOUT = _definition(
    routing.BMS_CHECKOUT, CheckoutRequest, Calling.OBJECT, ("workflow_api",), "bms",
    "A resolved task of a workflow whose end logic is budget: release the budget (consumed by the external BMS).", keyword="request",
)  # fmt: skip
COMMENT_CREATED = _definition(
    routing.COMMENT_CREATED, CommentCreated, Calling.KEYWORDS, ("messaging",), "workflow_api",
    "A comment was created; workflow_api delivers it to the webhooks subscribed to comment.created.",
)  # fmt: skip
DELIVER_WEBHOOK = _definition(
    routing.DELIVER_WEBHOOK, WebhookDelivery, Calling.KEYWORDS, ("workflow_api",), "workflow_api",
    "POST one webhook delivery to its subscriber, signed; a failure is retried with backoff for a day.",
)  # fmt: skip
WEBHOOK_RETRY_SWEEP = _definition(
    routing.WEBHOOK_RETRY_SWEEP, NoArguments, Calling.NOTHING, ("workflow_api",), "workflow_api",
    "Send again the webhook deliveries whose next attempt is due (workflow_api's beat, every minute).",
)  # fmt: skip
REVOKE_TOKENS = {
    service: _definition(
        task_name, TokenRevocation, Calling.OBJECT, ("auth",), service,
        f"The user's tokens issued before not_before are refused by {service} from now on (auth publishes one per consuming service).",
        keyword="revocation",
    )
    for service, task_name in routing.REVOCATION_TASKS.items()
}  # fmt: skip

MESSAGES: dict[str, MessageDefinition] = {
    definition.task_name: definition
    for definition in (
        RECEIVE_TICKET,
        SEND_TICKET_STATUS,
        SYNC_ROLE,
        SYNC_USER_SYSTEM_ROLE,
        SEED_WORKFLOWS,
        SEND_ASSIGNMENT_NOTIFICATION,
        CREATE_INAPP_NOTIFICATION,
        BULK_CREATE_NOTIFICATIONS,
        SEND_EMAIL,
        SLA_SWEEP,
        NOTIFY_TICKET_PARTICIPANTS,
        AMS_CHECKOUT,
        BMS_CHECKOUT,
        *REVOKE_TOKENS.values(),
        COMMENT_CREATED,
        DELIVER_WEBHOOK,
        WEBHOOK_RETRY_SWEEP,
    )
}


def definition_for(task_name: str) -> MessageDefinition:
    """The definition of ``task_name``; KeyError for a name outside the routing table."""
    return MESSAGES[task_name]
