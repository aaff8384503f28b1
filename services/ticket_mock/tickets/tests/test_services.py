"""Creating tickets publishes them through the outbox; status reports are recorded once."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import TicketFactory
from tickets.models import Ticket, TicketStatusChange
from tickets.selectors import ticket_data
from tickets.services import (
    InvalidStatusReportError,
    TicketNotFoundError,
    ticket_create,
    ticket_number_format,
    ticket_number_next,
    ticket_status_update,
)
from tts_common.outbox.models import OutboxMessage
from tts_common.routing import RECEIVE_TICKET

pytestmark = pytest.mark.django_db

TICKET_NUMBER = re.compile(r"^TX\d{8}\d{6}$")


def _create(**overrides):
    fields = {
        "subject": "Monitor flickering",
        "description": "Every few seconds.",
        "category": "IT Support",
        "sub_category": "Hardware",
        "priority": "Medium",
        "employee": {
            "first_name": "Maria",
            "last_name": "Santos",
            "email": "maria@example.com",
            "company_id": "MA1",
            "department": "Sales",
        },
    }
    return ticket_create(**{**fields, **overrides})


# --- ticket numbers ------------------------------------------------------------


def test_a_ticket_number_is_tx_the_date_and_a_six_digit_daily_sequence():
    assert ticket_number_format(day=date(2025, 11, 19), sequence=123) == "TX20251119000123"


def test_numbers_count_up_per_day_and_restart_on_a_new_day():
    first = ticket_number_next(day=date(2025, 11, 19))
    second = ticket_number_next(day=date(2025, 11, 19))
    next_day = ticket_number_next(day=date(2025, 11, 20))

    assert (first, second, next_day) == ("TX20251119000001", "TX20251119000002", "TX20251120000001")


def test_created_tickets_get_todays_unique_numbers():
    from django.utils import timezone

    numbers = [_create().ticket_number for _ in range(5)]

    assert len(set(numbers)) == 5
    assert all(TICKET_NUMBER.match(number) for number in numbers)
    assert {number[2:10] for number in numbers} == {timezone.localdate().strftime("%Y%m%d")}
    assert [int(number[10:]) for number in numbers] == [1, 2, 3, 4, 5]


# --- ticket_create ---------------------------------------------------------------


def test_create_writes_the_ticket_and_one_receive_ticket_message():
    ticket = _create(extra={"asset_name": "Dell U2720Q"})

    [message] = OutboxMessage.objects.all()
    assert message.task_name == RECEIVE_TICKET
    assert message.args == [ticket_data(ticket)]
    assert message.kwargs == {}
    assert message.args[0]["asset_name"] == "Dell U2720Q" and message.args[0]["status"] == "New"
    assert message.published_at is None  # relayed only after the transaction commits


def test_create_stores_attachments_and_publishes_them():
    upload = SimpleUploadedFile("error log.txt", b"Traceback ...", content_type="text/plain")

    ticket = _create(attachments=[upload])

    [attachment] = ticket.attachments.all()
    assert (attachment.file_name, attachment.file_type, attachment.file_size) == ("error log.txt", "text/plain", 13)
    assert attachment.file.read() == b"Traceback ..."
    assert OutboxMessage.objects.get().args[0]["attachments"] == ticket_data(ticket)["attachments"] != []


def test_department_defaults_to_the_catalogues_department():
    assert _create(category="Budget Request", department="").department == "Budget Department"
    assert _create(category="Something Else", department="").department == ""
    assert _create(category="Budget Request", department="Finance").department == "Finance"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"priority": "Urgent"}, "priority"),
        ({"employee": "maria@example.com"}, "employee"),
        ({"extra": {"status": "Resolved"}}, "status"),
        ({"extra": {"ticket_id": "X"}}, "ticket_id"),
        ({"extra": {"when": date(2025, 1, 1)}}, "extra"),
    ],
)
def test_create_refuses_bad_input_and_publishes_nothing(overrides, field):
    with pytest.raises(ValidationError) as refused:
        _create(**overrides)

    assert field in refused.value.message_dict
    assert Ticket.objects.count() == 0 and OutboxMessage.objects.count() == 0


# --- ticket_status_update --------------------------------------------------------------


def test_a_status_report_updates_the_ticket_and_records_history():
    ticket = TicketFactory()

    change = ticket_status_update(ticket_number=ticket.ticket_number, new_status="In Progress")

    ticket.refresh_from_db()
    assert ticket.status == "In Progress"
    assert (change.previous_status, change.status) == ("New", "In Progress")


def test_the_same_status_twice_is_recorded_once():
    ticket = TicketFactory()

    ticket_status_update(ticket_number=ticket.ticket_number, new_status="Resolved")
    again = ticket_status_update(ticket_number=ticket.ticket_number, new_status="Resolved")

    assert again is None
    assert list(TicketStatusChange.objects.values_list("status", flat=True)) == ["Resolved"]


def test_a_redelivered_message_does_not_turn_the_status_back():
    ticket = TicketFactory()
    ticket_status_update(ticket_number=ticket.ticket_number, new_status="In Progress", message_id="m1")
    ticket_status_update(ticket_number=ticket.ticket_number, new_status="Resolved", message_id="m2")

    assert ticket_status_update(ticket_number=ticket.ticket_number, new_status="In Progress", message_id="m1") is None

    ticket.refresh_from_db()
    assert ticket.status == "Resolved"
    assert TicketStatusChange.objects.count() == 2


def test_a_status_may_change_back_and_forth():
    ticket = TicketFactory()

    for status in ("In Progress", "Resolved", "In Progress"):
        ticket_status_update(ticket_number=ticket.ticket_number, new_status=status)

    assert list(TicketStatusChange.objects.values_list("previous_status", "status")) == [
        ("New", "In Progress"),
        ("In Progress", "Resolved"),
        ("Resolved", "In Progress"),
    ]


def test_an_unknown_ticket_is_refused():
    with pytest.raises(TicketNotFoundError):
        ticket_status_update(ticket_number="TX20000101000001", new_status="Resolved")


@pytest.mark.parametrize(
    ("ticket_number", "new_status"),
    [("", "Resolved"), ("TX1", ""), (None, "Resolved"), (42, "Resolved"), ("TX1", ["x"]), ("TX1", "x" * 51)],
)
def test_unusable_arguments_are_refused(ticket_number, new_status):
    with pytest.raises(InvalidStatusReportError):
        ticket_status_update(ticket_number=ticket_number, new_status=new_status)
