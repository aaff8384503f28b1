"""send_ticket_status: one poison among good reports through a real worker; arbitrary JSON is processed or recorded."""

from pathlib import Path

import pytest
from hypothesis import given

from tests.factories import TicketFactory
from tickets.models import Ticket
from tickets.tasks import send_ticket_status
from tts_common.routing import SEND_TICKET_STATUS, TICKET_STATUS_QUEUE
from tts_common.testing_consumers import (
    ONE_MEGABYTE,
    PROCESSED,
    RECORDED,
    Message,
    assert_only_the_poison_failed,
    consumer_settings,
    keyword_messages,
    publish_through_worker,
    settle,
)

SERVICE_DIR = Path(__file__).resolve().parents[1]


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_one_poison_report_costs_only_itself(postgres_database, rabbitmq_url, tmp_path):
    tickets = [TicketFactory(ticket_number=f"TXPOISON{n}", status="Open") for n in range(4)]
    messages = {f"status-good-{n}": Message([ticket.ticket_number, "In Progress"]) for n, ticket in enumerate(tickets[:3])}
    messages.update(
        {
            "status-poison-nul": Message(["TXPOISON0", "Re\x00solved"]),
            "status-poison-overflow": Message([10**30, "Resolved"]),
            "status-poison-wrong_type": Message(["TXPOISON0", {"status": "Resolved"}]),
            "status-poison-not_a_dict": Message(kwargs={"ticket_number": ["TXPOISON0"], "new_status": "Resolved"}),
            "status-poison-one_megabyte": Message(["TXPOISON0", ONE_MEGABYTE]),
            "status-good-after": Message([tickets[3].ticket_number, "Resolved"]),
        }
    )

    run = publish_through_worker(
        service_dir=SERVICE_DIR,
        broker_url=rabbitmq_url,
        queue=TICKET_STATUS_QUEUE,
        task_name=SEND_TICKET_STATUS,
        messages=messages,
        log_path=tmp_path / "w.log",
    )

    assert_only_the_poison_failed(run, messages)
    assert run.recorded["status-poison-nul"] == "malformed message: new_status: contains a NUL character (U+0000), which cannot be stored"
    assert sorted(Ticket.objects.filter(ticket_number__startswith="TXPOISON").values_list("status", flat=True)) == [
        "In Progress",
        "In Progress",
        "In Progress",
        "Resolved",
    ]


@pytest.mark.django_db(transaction=True)
@consumer_settings()
@given(message=keyword_messages(["ticket_number", "new_status"], {"ticket_number": "TXPROP1", "new_status": "Resolved"}))
def test_send_ticket_status_processes_or_records_any_message(message):
    if not Ticket.objects.filter(ticket_number="TXPROP1").exists():
        TicketFactory(ticket_number="TXPROP1", status="Open")
    assert settle(send_ticket_status, *message) in (PROCESSED, RECORDED)


def test_every_consumer_settles_its_final_failures():
    from config.celery import app
    from tts_common.testing_consumers import tasks_without_settling

    assert tasks_without_settling(app) == []
