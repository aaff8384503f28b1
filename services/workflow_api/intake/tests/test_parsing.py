"""Payloads exactly as real HDTS producers send them."""

import pytest

from intake.parsing import UnusableTicketError, ticket_parse, ticket_payload_from
from tests.factories import hdts_ticket


def test_a_full_hdts_payload_keeps_every_field_and_extra():
    payload = hdts_ticket(requested_budget="1200.50")

    ticket = ticket_parse(payload)

    assert ticket.ticket_number == "TX20251119000123"
    assert (ticket.department, ticket.category, ticket.sub_category, ticket.priority) == ("IT Department", "IT Support", "Hardware", "High")
    assert ticket.payload["asset_name"] == "ThinkPad X1"
    assert ticket.payload["requested_budget"] == "1200.50"
    assert ticket.payload["dynamic_data"] == {"floor": 3}
    assert ticket.payload["attachments"][0]["file_name"] == "photo.jpg"


def test_the_ticket_id_and_subcategory_aliases_are_accepted():
    payload = hdts_ticket()
    payload["ticket_id"] = payload.pop("ticket_number")
    payload["subcategory"] = payload.pop("sub_category")

    ticket = ticket_parse(payload)

    assert ticket.ticket_number == "TX20251119000123"
    assert ticket.sub_category == "Hardware"
    assert ticket.payload["ticket_id"] == "TX20251119000123"


@pytest.mark.parametrize(
    ("priority", "expected"),
    [
        ("Critical", "Critical"),
        ("critical", "Critical"),
        ("Urgent", "Critical"),
        ("Low", "Low"),
        ("", "Medium"),
        (None, "Medium"),
        ("whenever", "Medium"),
    ],
)
def test_priorities_are_normalised(priority, expected):
    assert ticket_parse(hdts_ticket(priority=priority)).priority == expected


def test_a_numeric_ticket_number_becomes_text():
    assert ticket_parse({"ticket_id": 12345}).ticket_number == "12345"


def test_attachment_sizes_and_ids_as_text_and_unknown_keys_are_kept():
    attachment = {"id": "a-1", "file_name": "x.pdf", "file_size": "2 KB", "checksum": "abc"}

    ticket = ticket_parse({"ticket_number": "T-1", "attachments": [attachment], "employee": {"company_id": 7, "badge": "B-1"}})

    assert ticket.payload["attachments"] == [attachment] and ticket.payload["employee"] == {"company_id": 7, "badge": "B-1"}


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ("a string", "ticket_data must be an object, not str"),
        (["a", "list"], "ticket_data must be an object, not list"),
        ({"subject": "no number"}, "ticket_data.ticket_number is missing"),
        ({"ticket_number": ""}, "ticket_data.ticket_number: String should have at least 1 character"),
        ({"ticket_number": {"nested": 1}}, "ticket_data.ticket_number: Input should be a valid string"),
        ({"ticket_number": True}, "ticket_data.ticket_number: Input should be a valid string"),
        ({"ticket_number": "x" * 65}, "ticket_data.ticket_number: String should have at most 64 characters"),
        ({"ticket_number": "T-1", "employee": "Ana Reyes"}, "ticket_data.employee must be an object, not str"),
        ({"ticket_number": "T-1", "attachments": {"id": 1}}, "ticket_data.attachments: Input should be a valid list"),
    ],
)
def test_unusable_payloads_say_why(payload, reason):
    with pytest.raises(UnusableTicketError) as refused:
        ticket_parse(payload)

    assert str(refused.value).startswith(reason)


def test_the_payload_comes_positional_or_as_the_ticket_data_keyword():
    assert ticket_payload_from(({"ticket_number": "A"},), {}) == {"ticket_number": "A"}
    assert ticket_payload_from((), {"ticket_data": {"ticket_number": "B"}}) == {"ticket_number": "B"}
    with pytest.raises(UnusableTicketError, match="no ticket_data"):
        ticket_payload_from((), {"something": 1})
