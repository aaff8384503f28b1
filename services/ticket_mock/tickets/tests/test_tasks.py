"""send_ticket_status: the name and queue are permanent; the task records what workflow_api reports."""

import json

import pytest

from tests.factories import TicketFactory
from tickets.models import TicketStatusChange
from tickets.services import TicketNotFoundError
from tickets.tasks import send_ticket_status
from tts_common.celery import TRANSIENT_ERRORS, TTSTask
from tts_common.messages import MalformedMessageError
from tts_common.routing import SEND_TICKET_STATUS, TICKET_STATUS_QUEUE

pytestmark = pytest.mark.django_db


def test_the_task_name_and_queue_are_the_contracts():
    from config.celery import app

    assert send_ticket_status.name == SEND_TICKET_STATUS == "send_ticket_status"
    assert isinstance(send_ticket_status, TTSTask)
    assert app.amqp.router.route({}, SEND_TICKET_STATUS)["queue"].name == TICKET_STATUS_QUEUE == "ticket_status-default"
    assert SEND_TICKET_STATUS in app.tasks


def test_positional_arguments_update_the_status_and_record_history():
    ticket = TicketFactory()
    args = json.loads(json.dumps([ticket.ticket_number, "In Progress"]))

    assert send_ticket_status(*args) is True

    ticket.refresh_from_db()
    assert ticket.status == "In Progress"
    assert list(TicketStatusChange.objects.filter(ticket=ticket).values_list("status", flat=True)) == ["In Progress"]


def test_keyword_arguments_work_the_same():
    ticket = TicketFactory()

    assert send_ticket_status(ticket_number=ticket.ticket_number, new_status="Resolved") is True

    ticket.refresh_from_db()
    assert ticket.status == "Resolved"


def test_the_same_report_twice_changes_nothing_the_second_time():
    ticket = TicketFactory()

    assert send_ticket_status(ticket.ticket_number, "Rejected") is True
    assert send_ticket_status(ticket.ticket_number, "Rejected") is False
    assert TicketStatusChange.objects.filter(ticket=ticket).count() == 1


def test_a_message_delivered_twice_is_recognised_by_its_id():
    ticket = TicketFactory()
    send_ticket_status.apply(args=[ticket.ticket_number, "In Progress"], task_id="message-1")
    send_ticket_status.apply(args=[ticket.ticket_number, "Resolved"], task_id="message-2")

    result = send_ticket_status.apply(args=[ticket.ticket_number, "In Progress"], task_id="message-1")

    assert result.get() is False
    ticket.refresh_from_db()
    assert ticket.status == "Resolved"


def test_an_unknown_ticket_is_a_final_failure_not_a_retry():
    with pytest.raises(TicketNotFoundError) as failure:
        send_ticket_status("TX20000101000001", "Resolved")

    assert not isinstance(failure.value, TRANSIENT_ERRORS)


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((), {}),
        ((None, "Resolved"), {}),
        ((7, "Resolved"), {}),
        (("TX1",), {}),
        (("TX1", "Re\x00solved"), {}),
        ((), {"ticket_number": "", "new_status": "Resolved"}),
    ],
)
def test_unusable_arguments_are_a_final_failure(args, kwargs):
    with pytest.raises(MalformedMessageError) as failure:
        send_ticket_status(*args, **kwargs)

    assert not isinstance(failure.value, TRANSIENT_ERRORS)


def test_in_a_worker_a_final_failure_is_dead_lettered(monkeypatch):
    dead = []
    monkeypatch.setattr("tts_common.celery.dead_letter", lambda app, **details: dead.append(details) or True)

    result = send_ticket_status.apply(args=["TX20000101000001", "Resolved"], task_id="lost-1")

    assert result.failed() and isinstance(result.result, TicketNotFoundError)
    [details] = dead
    assert details["task_name"] == SEND_TICKET_STATUS and details["args"] == ["TX20000101000001", "Resolved"]
    assert details["reason"].startswith("TicketNotFoundError")
