"""Reading a ticket exactly as the real HDTS sends it.

The payload is one dict, positional or under the keyword ``ticket_data``,
read through its definition (``tts_common.messages.RECEIVE_TICKET``). Some
producers write ``ticket_id`` for ``ticket_number`` and ``subcategory`` for
``sub_category``; both are accepted. Every other field is kept.

A NUL character (U+0000) anywhere in the payload, keys included, makes the
ticket unusable rather than silently stripped: PostgreSQL cannot store it,
and changing what the HDTS sent would keep a ticket that differs from the
one the employee wrote. The failure names where the NUL is.
"""

from dataclasses import dataclass
from typing import Any

from tasks.services.sla import DEFAULT_PRIORITY
from tts_common import messages
from tts_common.messages import MalformedMessageError


class UnusableTicketError(MalformedMessageError):
    """The message can never become a task; says why, naming the field."""


@dataclass(frozen=True)
class IncomingTicket:
    ticket_number: str
    subject: str
    department: str
    category: str
    sub_category: str
    priority: str
    payload: dict


def ticket_payload_from(args: tuple, kwargs: dict) -> Any:
    """The ``ticket_data`` of a ``receive_ticket`` message, as it arrived."""
    try:
        return messages.RECEIVE_TICKET.object_of(args, kwargs)
    except MalformedMessageError as error:
        raise UnusableTicketError(str(error), field=error.field) from None


def ticket_parse(payload: Any) -> IncomingTicket:
    """The ticket read through ``tts_common.messages.TicketData``; the payload kept is what was sent,
    with ``ticket_number`` (stripped, or from ``ticket_id``) and ``sub_category`` (or ``subcategory``) set."""
    try:
        ticket = messages.RECEIVE_TICKET.parse([payload])
    except MalformedMessageError as error:
        raise UnusableTicketError(str(error), field=error.field) from None
    kept = dict(payload)
    kept["ticket_number"] = ticket.ticket_number
    if "sub_category" not in kept and "subcategory" in kept:
        kept["sub_category"] = kept["subcategory"]
    return IncomingTicket(
        ticket_number=ticket.ticket_number,
        subject=(ticket.subject or "")[:500],
        department=ticket.department or "",
        category=ticket.category or "",
        sub_category=ticket.sub_category or "",
        priority=ticket.priority or DEFAULT_PRIORITY,
        payload=kept,
    )
