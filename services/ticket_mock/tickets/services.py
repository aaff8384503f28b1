"""Creating tickets, published through the outbox, and recording the status workflow_api reports back."""

import json
import mimetypes
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from tickets.models import Priority, Ticket, TicketAttachment, TicketNumberSequence, TicketStatusChange
from tickets.selectors import EMPLOYEE_KEYS, TICKET_DATA_KEYS, ticket_data
from tts_common import messages
from tts_common.demo_catalogue import DEMO_CATEGORIES

TICKET_NUMBER_PREFIX = "TX"
STATUS_MAX_LENGTH = Ticket._meta.get_field("status").max_length
TICKET_NUMBER_MAX_LENGTH = Ticket._meta.get_field("ticket_number").max_length
# Keys a producer may send for the same thing; never stored as extras.
RESERVED_EXTRA_KEYS = frozenset(TICKET_DATA_KEYS) | {"ticket_id", "subcategory"}
CATALOGUE_DEPARTMENTS = {entry["category"].lower(): entry["department"] for entry in DEMO_CATEGORIES}


class TicketNotFoundError(LookupError):
    """A status report names a ticket this help desk never issued; retrying cannot help."""


class InvalidStatusReportError(ValueError):
    """A status report whose arguments are unusable; retrying cannot help."""


# --- ticket numbers ------------------------------------------------------------


def ticket_number_format(*, day: date, sequence: int) -> str:
    return f"{TICKET_NUMBER_PREFIX}{day:%Y%m%d}{sequence:06d}"


def ticket_number_next(*, day: date | None = None) -> str:
    """The day's next number: ``TX`` + YYYYMMDD + a six-digit sequence that restarts daily.

    The increment is one UPDATE on the day's counter row, so two creators
    never draw the same number. Inside a transaction the row stays locked
    until it ends: concurrent creators queue behind each other, and a ticket
    that rolls back gives its number back.
    """
    day = day or timezone.localdate()
    counters = TicketNumberSequence.objects.filter(day=day)
    if not counters.update(last_value=F("last_value") + 1):
        try:
            with transaction.atomic():
                TicketNumberSequence.objects.create(day=day, last_value=1)
        except IntegrityError:  # another creator opened the day first
            counters.update(last_value=F("last_value") + 1)
    return ticket_number_format(day=day, sequence=counters.values_list("last_value", flat=True).get())


# --- creating tickets ------------------------------------------------------------


def ticket_check(*, priority: str, employee: Any, extra: Mapping[str, Any]) -> None:
    """Validate what a caller may get wrong; raises ValidationError keyed by field.

    ``extra`` is refused (key ``extra``) with more than ``TICKET_EXTRA_MAX_FIELDS`` fields or a value that is not plain JSON.
    """
    errors: dict[str, str] = {}
    if priority not in Priority.values:
        errors["priority"] = f"{priority!r} is not one of {', '.join(Priority.values)}."
    if not isinstance(employee, Mapping):
        errors["employee"] = "Must be an object with first_name, last_name, email, company_id, department."
    reserved = sorted(RESERVED_EXTRA_KEYS & set(extra))
    if reserved:
        errors[reserved[0]] = "This field is set by the help desk, or is not an extra."
    if len(extra) > settings.TICKET_EXTRA_MAX_FIELDS:
        errors["extra"] = f"At most {settings.TICKET_EXTRA_MAX_FIELDS} free-form fields (it has {len(extra)})."
    try:
        json.dumps(dict(extra))
    except (TypeError, ValueError) as error:
        errors["extra"] = f"Extras must be plain JSON values: {error}"
    if errors:
        raise ValidationError(errors)


def ticket_attachment_add(*, ticket: Ticket, upload: File) -> TicketAttachment:
    """Store ``upload`` under MEDIA_ROOT. A file stored by a transaction that rolls back stays behind (harmless)."""
    name = PurePath(upload.name or "attachment").name
    file_type = getattr(upload, "content_type", None) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return TicketAttachment.objects.create(ticket=ticket, file=upload, file_name=name, file_type=file_type, file_size=upload.size)


def ticket_create(
    *,
    subject: str,
    description: str,
    category: str,
    priority: str,
    employee: Mapping[str, Any],
    sub_category: str = "",
    department: str = "",
    extra: Mapping[str, Any] | None = None,
    attachments: Iterable[File] = (),
    submit_date: datetime | None = None,
) -> Ticket:
    """Create a ticket with its attachments and publish it to workflow_api.

    The ``receive_ticket`` message is an outbox row written in the same
    transaction: nothing is published unless the ticket commits, and a broker
    that is down only delays it. ``department`` defaults to the catalogue's
    department for a known category.
    """
    extra = dict(extra or {})
    ticket_check(priority=priority, employee=employee, extra=extra)
    with transaction.atomic():
        ticket = Ticket.objects.create(
            ticket_number=ticket_number_next(),
            subject=subject,
            description=description,
            category=category,
            sub_category=sub_category,
            department=department or CATALOGUE_DEPARTMENTS.get(category.lower(), ""),
            priority=priority,
            submit_date=submit_date or timezone.now(),
            employee={key: employee.get(key, "") for key in EMPLOYEE_KEYS},
            extra=extra,
        )
        for upload in attachments:
            ticket_attachment_add(ticket=ticket, upload=upload)
        messages.RECEIVE_TICKET.enqueue(**ticket_data(ticket))
    return ticket


# --- status reports from workflow_api ------------------------------------------------


def ticket_status_check(*, ticket_number: Any, new_status: Any) -> None:
    for name, value, max_length in (
        ("ticket_number", ticket_number, TICKET_NUMBER_MAX_LENGTH),
        ("new_status", new_status, STATUS_MAX_LENGTH),
    ):
        if not isinstance(value, str) or not value.strip():
            raise InvalidStatusReportError(f"{name} must be a non-empty string, got {value!r}")
        if len(value) > max_length:
            raise InvalidStatusReportError(f"{name} is longer than {max_length} characters: {value[:80]!r}...")
        if "\x00" in value:  # PostgreSQL cannot store it: refused, not stripped
            raise InvalidStatusReportError(f"{name} contains a NUL character (U+0000)")


def ticket_status_update(*, ticket_number: str, new_status: str, message_id: str = "") -> TicketStatusChange | None:
    """Record the status workflow_api reported for a ticket.

    Idempotent: a report that changes nothing (the ticket already has that
    status, or the message with this ``message_id`` was recorded before) is
    not recorded again and returns None. The ticket row is locked, so
    concurrent reports for one ticket are recorded one after the other.
    Raises InvalidStatusReportError or TicketNotFoundError, which no retry can fix.
    """
    ticket_status_check(ticket_number=ticket_number, new_status=new_status)
    ticket_number, new_status = ticket_number.strip(), new_status.strip()
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().filter(ticket_number=ticket_number).first()
        if ticket is None:
            raise TicketNotFoundError(f"no ticket {ticket_number!r}")
        if message_id and ticket.status_changes.filter(message_id=message_id).exists():
            return None
        if ticket.status == new_status:
            return None
        change = TicketStatusChange.objects.create(ticket=ticket, previous_status=ticket.status, status=new_status, message_id=message_id)
        ticket.status = new_status
        ticket.save(update_fields=["status", "updated_at"])
    return change
