"""``ticket_data`` is the contract's payload, exactly."""

import json
from datetime import datetime

import pytest

from tests.factories import TicketAttachmentFactory, TicketFactory
from tickets.selectors import ticket_data

pytestmark = pytest.mark.django_db

CONTRACT_KEYS = {
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
}


def test_ticket_data_has_exactly_the_contract_keys_and_json_types():
    ticket = TicketFactory(subject="VPN drops", priority="Critical", extra={})

    payload = ticket_data(ticket)

    assert set(payload) == CONTRACT_KEYS
    assert json.loads(json.dumps(payload)) == payload
    assert payload["ticket_number"] == ticket.ticket_number
    assert payload["subject"] == "VPN drops" and payload["priority"] == "Critical" and payload["status"] == "New"
    assert datetime.fromisoformat(payload["submit_date"]) == ticket.submit_date
    assert payload["employee"] == {
        "first_name": "Maria",
        "last_name": "Santos",
        "email": "maria.santos@example.com",
        "company_id": "MA1",
        "department": "Finance",
    }
    assert payload["attachments"] == []


def test_extras_are_merged_at_the_top_level():
    extra = {"asset_name": "ThinkPad T14", "requested_budget": 1250.5, "dynamic_data": {"cost_center": "CC-1", "lines": [1, 2]}}
    ticket = TicketFactory(extra=extra)

    payload = ticket_data(ticket)

    assert set(payload) == CONTRACT_KEYS | set(extra)
    assert {key: payload[key] for key in extra} == extra
    assert json.loads(json.dumps(payload)) == payload


def test_an_extra_never_shadows_a_contract_key():
    ticket = TicketFactory(extra={"status": "Resolved", "ticket_number": "forged", "note": "kept"})

    payload = ticket_data(ticket)

    assert payload["status"] == "New" and payload["ticket_number"] == ticket.ticket_number and payload["note"] == "kept"


def test_attachments_carry_id_name_type_size_and_path():
    attachment = TicketAttachmentFactory()

    [entry] = ticket_data(attachment.ticket)["attachments"]

    assert entry == {
        "id": attachment.id,
        "file_name": "screenshot.png",
        "file_type": "image/png",
        "file_size": 15,
        "file_path": f"/media/ticket_attachments/{attachment.ticket.ticket_number}/screenshot.png",
    }


def test_missing_employee_fields_are_empty_strings():
    ticket = TicketFactory(employee={"first_name": "Li", "last_name": "Wei", "email": "li@example.com"})

    assert ticket_data(ticket)["employee"] == {
        "first_name": "Li",
        "last_name": "Wei",
        "email": "li@example.com",
        "company_id": "",
        "department": "",
    }
