"""Reading tickets, and the ``ticket_data`` payload HDTS publishes."""

from typing import Any

from django.db.models import QuerySet

from tickets.models import Ticket

# The payload's own keys; ``Ticket.extra`` may not shadow them.
TICKET_DATA_KEYS = (
    "ticket_number",
    "subject",
    "description",
    "category",
    "sub_category",
    "department",
    "priority",
    "status",
    "submit_date",
    "employee",
    "attachments",
)
EMPLOYEE_KEYS = ("first_name", "last_name", "email", "company_id", "department")


def ticket_data(ticket: Ticket) -> dict[str, Any]:
    """The ticket as the real HDTS sends it with ``tickets.tasks.receive_ticket``.

    Plain JSON types only; free-form extras are merged in at the top level.
    """
    employee = ticket.employee or {}
    return {
        **{key: value for key, value in (ticket.extra or {}).items() if key not in TICKET_DATA_KEYS},
        "ticket_number": ticket.ticket_number,
        "subject": ticket.subject,
        "description": ticket.description,
        "category": ticket.category,
        "sub_category": ticket.sub_category,
        "department": ticket.department,
        "priority": ticket.priority,
        "status": ticket.status,
        "submit_date": ticket.submit_date.isoformat(),
        "employee": {key: employee.get(key, "") for key in EMPLOYEE_KEYS},
        "attachments": [
            {
                "id": attachment.pk,
                "file_name": attachment.file_name,
                "file_type": attachment.file_type,
                "file_size": attachment.file_size,
                "file_path": attachment.file.url,
            }
            for attachment in ticket.attachments.all()
        ],
    }


def ticket_list() -> QuerySet[Ticket]:
    """Newest first, attachments prefetched for ``ticket_data``."""
    return Ticket.objects.prefetch_related("attachments").order_by("-submit_date", "-id")


def ticket_detail_queryset() -> QuerySet[Ticket]:
    return Ticket.objects.prefetch_related("attachments", "status_changes")


def ticket_status_history(ticket: Ticket) -> list[dict[str, Any]]:
    """Every status report received for ``ticket``, oldest first."""
    return [
        {"status": change.status, "previous_status": change.previous_status, "received_at": change.received_at.isoformat()}
        for change in ticket.status_changes.all()
    ]
