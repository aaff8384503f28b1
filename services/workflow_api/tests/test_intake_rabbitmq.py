"""Tickets published exactly as the HDTS publishes them, through real workers, RabbitMQ and PostgreSQL."""

import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from celery import Celery
from django.db import connection

from intake.models import IntakeFailure
from intake.services import Delivery, tickets_receive
from tasks.models import Task
from tests.factories import hdts_ticket
from tts_common.routing import (
    DEAD_LETTER_QUEUE,
    INAPP_NOTIFICATION_QUEUE,
    NOTIFICATION_QUEUE,
    RECEIVE_TICKET,
    TICKET_QUEUE,
    TICKET_STATUS_QUEUE,
)
from tts_common.testing import celery_workers, drain_task_messages, unavailable, wait_until

SERVICE_DIR = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hdts(rabbitmq_url):
    """A producer that knows nothing of this project but the task name and queue, like the real HDTS."""
    return Celery("hdts", broker=rabbitmq_url, set_as_current=False)


@pytest.fixture
def seeded(postgres_database, replica, demo_workflows):
    return True


def ours(prefix):
    return lambda message: any(prefix in str(value) for value in (message["args"], message["kwargs"]))


def test_tickets_become_exactly_one_task_each_through_real_workers(seeded, hdts, configured_rabbitmq_app, rabbitmq_url, tmp_path):
    app = configured_rabbitmq_app
    for queue in (TICKET_QUEUE, NOTIFICATION_QUEUE, INAPP_NOTIFICATION_QUEUE, TICKET_STATUS_QUEUE, DEAD_LETTER_QUEUE):
        drain_task_messages(app, queue, timeout=0.3)
    good = [hdts_ticket(f"IT-{n}") for n in range(12)]
    with celery_workers(
        SERVICE_DIR, broker_url=rabbitmq_url, queues=[TICKET_QUEUE], logs=[tmp_path / "worker-0.log", tmp_path / "worker-1.log"]
    ):
        for number, ticket in enumerate(good):
            if number % 2:
                hdts.send_task("tickets.tasks.receive_ticket", kwargs={"ticket_data": ticket}, queue="TICKET_TASKS_PRODUCTION")
            else:
                hdts.send_task("tickets.tasks.receive_ticket", args=[ticket], queue="TICKET_TASKS_PRODUCTION")
        for ticket in good[:4]:  # delivered twice
            hdts.send_task("tickets.tasks.receive_ticket", args=[ticket], queue="TICKET_TASKS_PRODUCTION")
        hdts.send_task("tickets.tasks.receive_ticket", args=["IT-garbage"], queue="TICKET_TASKS_PRODUCTION")
        hdts.send_task("tickets.tasks.receive_ticket", args=[{"subject": "IT-no-number"}], queue="TICKET_TASKS_PRODUCTION")

        wait_until(
            lambda: Task.objects.filter(ticket_number__startswith="IT-").count() == 12 and IntakeFailure.objects.count() == 2,
            message="12 tasks and 2 recorded failures",
        )

    assert sorted(Task.objects.values_list("ticket_number", flat=True)) == sorted(t["ticket_number"] for t in good)
    assert all(task.assignments.count() == 1 for task in Task.objects.all())
    assert sorted(f.reason for f in IntakeFailure.objects.all()) == [
        "ticket_data must be an object, not str",
        "ticket_data.ticket_number is missing",
    ]
    dead = drain_task_messages(app, DEAD_LETTER_QUEUE, timeout=5, until=lambda found: len(found) >= 2)
    assert {d["body"]["reason"] for d in dead} >= {f.reason for f in IntakeFailure.objects.all()}

    numbers = {t["ticket_number"] for t in good}
    emails = drain_task_messages(app, NOTIFICATION_QUEUE, timeout=5, until=lambda found: len(found) >= 12)
    inapp = drain_task_messages(app, INAPP_NOTIFICATION_QUEUE, timeout=5, until=lambda found: len(found) >= 12)
    statuses = drain_task_messages(app, TICKET_STATUS_QUEUE, timeout=5, until=lambda found: len(found) >= 12)
    assert sorted(m["kwargs"]["ticket_number"] for m in emails if m["task"] == "task.send_assignment_notification") == sorted(numbers)
    assert sorted(m["kwargs"]["related_ticket_number"] for m in inapp) == sorted(numbers)
    assert sorted(m["args"][0] for m in statuses) == sorted(numbers)
    assert {m["args"][1] for m in statuses} == {"In Progress"}


def test_two_workers_receiving_the_same_ticket_at_once_make_one_task(seeded):
    start = threading.Barrier(2)
    reports = []

    def receive():
        start.wait()
        try:
            reports.append(
                tickets_receive(deliveries=[Delivery(hdts_ticket("RACE-1")), Delivery(hdts_ticket(f"RACE-{threading.get_ident()}"))])
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=receive) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert Task.objects.filter(ticket_number="RACE-1").count() == 1
    assert sum(report.created.count("RACE-1") for report in reports) == 1
    assert sum(report.duplicates.count("RACE-1") for report in reports) == 1
    assert Task.objects.count() == 3  # the two unique tickets survived the other's rollback


def test_a_worker_whose_broker_connection_dropped_keeps_flushing_batches(seeded, hdts, configured_rabbitmq_app, rabbitmq_url, tmp_path):
    """After a reconnect the batch consumer still takes up tickets (clokep/celery-batches#107).

    A ticket due in an hour keeps celery-batches' flush timer armed when RabbitMQ closes the
    worker's connection; without re-arming on the new consumer the three tickets after the
    reconnect sit in the worker's buffer, fewer than a batch, unacknowledged for good.
    """
    if not shutil.which("rabbitmqctl"):
        unavailable("rabbitmqctl is needed to close the worker's connection")
    vhost = unquote(urlsplit(rabbitmq_url).path[1:]) or "/"
    drain_task_messages(configured_rabbitmq_app, TICKET_QUEUE, timeout=0.3)
    log = tmp_path / "worker.log"
    later = hdts_ticket("RC-later")
    after = [hdts_ticket(f"RC-{n}") for n in range(3)]
    try:
        with celery_workers(SERVICE_DIR, broker_url=rabbitmq_url, queues=[TICKET_QUEUE], logs=[log]):
            wait_until(lambda: "ready." in log.read_text(), message="the worker started", log=log)
            hdts.send_task(RECEIVE_TICKET, args=[later], queue=TICKET_QUEUE, countdown=3600)
            hdts.send_task(RECEIVE_TICKET, args=[hdts_ticket("RC-before")], queue=TICKET_QUEUE)
            wait_until(lambda: Task.objects.filter(ticket_number="RC-before").exists(), message="the ticket before", log=log)
            connected = log.read_text().count("Connected to")
            closed = subprocess.run(
                ["rabbitmqctl", "close_all_connections", "--vhost", vhost, "test: the broker blinks"],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert closed.returncode == 0, closed.stderr
            wait_until(lambda: log.read_text().count("Connected to") > connected, message="the worker reconnected", log=log)
            for ticket in after:
                hdts.send_task(RECEIVE_TICKET, args=[ticket], queue=TICKET_QUEUE)
            wait_until(
                lambda: Task.objects.filter(ticket_number__in=[t["ticket_number"] for t in after]).count() == 3,
                timeout=30,
                message="the three tickets after the reconnect became tasks",
                log=log,
            )
        assert not Task.objects.filter(ticket_number="RC-later").exists()
    finally:
        drain_task_messages(configured_rabbitmq_app, TICKET_QUEUE, timeout=0.5)
