"""Reading a ticket exactly as the real HDTS sends it.

The payload is one dict, positional or under the keyword ``ticket_data``.
Some producers write ``ticket_id`` for ``ticket_number`` and ``subcategory``
for ``sub_category``; both are accepted. Every other field is kept.

A NUL character (U+0000) anywhere in the payload, keys included, makes the
ticket unusable rather than silently stripped: PostgreSQL cannot store it,
and changing what the HDTS sent would keep a ticket that differs from the
one the employee wrote. The failure names where the NUL is.
"""

from dataclasses import dataclass
from typing import Any

from tasks.services.sla import priority_normalized
from tts_common.jsonvalues import JsonTooDeepError, nul_path

MAX_TICKET_NUMBER = 64


class UnusableTicketError(ValueError):
    """The message can never become a task; says why."""


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
    if args:
        return args[0]
    if "ticket_data" in kwargs:
        return kwargs["ticket_data"]
    raise UnusableTicketError("no ticket_data: expected one positional dict or the keyword ticket_data")


def ticket_parse(payload: Any) -> IncomingTicket:
    if not isinstance(payload, dict):
        raise UnusableTicketError(f"ticket_data must be an object, not {type(payload).__name__}")
    try:
        nul_at = nul_path(payload, "ticket_data")
    except JsonTooDeepError:
        raise UnusableTicketError("ticket_data is nested too deeply") from None
    if nul_at:
        raise UnusableTicketError(f"{nul_at} contains a NUL character (U+0000), which cannot be stored")
    number = payload.get("ticket_number") or payload.get("ticket_id")
    if number in (None, "") or isinstance(number, bool | dict | list):
        raise UnusableTicketError("ticket_data has no ticket_number (nor ticket_id)")
    number = str(number).strip()
    if not number or len(number) > MAX_TICKET_NUMBER:
        raise UnusableTicketError(f"ticket_number must be 1 to {MAX_TICKET_NUMBER} characters")
    kept = dict(payload)
    kept["ticket_number"] = number
    if "sub_category" not in kept and "subcategory" in kept:
        kept["sub_category"] = kept["subcategory"]
    return IncomingTicket(
        ticket_number=number,
        subject=str(kept.get("subject") or "")[:500],
        department=str(kept.get("department") or ""),
        category=str(kept.get("category") or ""),
        sub_category=str(kept.get("sub_category") or ""),
        priority=priority_normalized(kept.get("priority")),
        payload=kept,
    )
