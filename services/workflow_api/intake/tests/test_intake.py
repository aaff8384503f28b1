"""From ticket messages to exactly one task each, or a recorded failure."""

import json

import pytest

from intake.models import IntakeFailure
from intake.services import Delivery, tickets_receive
from intake.tasks import receive_ticket
from tasks.models import Assignment, Task
from tests.factories import add_member, hdts_ticket
from tts_common.outbox.models import OutboxMessage
from tts_common.routing import CREATE_INAPP_NOTIFICATION, SEND_ASSIGNMENT_NOTIFICATION, SEND_TICKET_STATUS

pytestmark = pytest.mark.django_db


def receive(*payloads):
    return tickets_receive(deliveries=[Delivery(payload) for payload in payloads])


def sent(task_name):
    return [(m.args, m.kwargs) for m in OutboxMessage.objects.filter(task_name=task_name).order_by("id")]


def test_a_matched_ticket_becomes_a_task_at_the_first_step_with_an_owner(demo_workflows):
    report = receive(hdts_ticket("T-1", priority="Critical"))

    assert report.created == ["T-1"]
    task = Task.objects.get(ticket_number="T-1")
    assert task.status == "in_progress"
    assert task.workflow.name == "IT Support workflow"
    assert (task.current_step_name, task.current_role) == ("Triage", "Ticket Coordinator")
    assert task.owner_user_id == 20
    assert task.ticket["asset_name"] == "ThinkPad X1"
    assert (task.target_resolution - task.received_at).total_seconds() == 4 * 3600  # Critical -> urgent
    [assignment] = task.assignments.all()
    assert (assignment.user_id, assignment.status) == (20, "active")


def test_assignment_and_status_messages_wait_in_the_outbox_with_the_contract_payloads(demo_workflows):
    receive(hdts_ticket("T-1"))
    task = Task.objects.get(ticket_number="T-1")

    assert sent(SEND_ASSIGNMENT_NOTIFICATION) == [
        (
            [],
            {
                "user_id": 20,
                "user_email": "coordinator@example.com",
                "task_id": task.id,
                "ticket_number": "T-1",
                "task_title": "Laptop does not boot",
                "role_name": "Ticket Coordinator",
            },
        )
    ]
    [(_, inapp)] = sent(CREATE_INAPP_NOTIFICATION)
    assert inapp["notification_type"] == "task_assignment"
    assert (inapp["user_id"], inapp["related_task_id"], inapp["related_ticket_number"]) == (20, task.id, "T-1")
    assert set(inapp) == {"user_id", "subject", "message", "notification_type", "related_task_id", "related_ticket_number", "metadata"}
    assert sent(SEND_TICKET_STATUS) == [(["T-1", "In Progress"], {})]
    json.dumps([m.kwargs for m in OutboxMessage.objects.all()])  # every payload is JSON


def test_the_same_ticket_twice_is_one_task(demo_workflows):
    first = receive(hdts_ticket("T-1"))
    second = receive(hdts_ticket("T-1"), hdts_ticket("T-1"))

    assert first.created == ["T-1"] and second.created == []
    assert second.duplicates == ["T-1", "T-1"]
    assert Task.objects.count() == 1
    assert Assignment.objects.count() == 1
    assert len(sent(SEND_ASSIGNMENT_NOTIFICATION)) == 1


def test_a_ticket_no_workflow_matches_is_kept_as_unmatched(demo_workflows):
    receive(hdts_ticket("T-9", category="Space Travel"))

    task = Task.objects.get(ticket_number="T-9")
    assert task.status == "unmatched" and task.workflow is None
    assert not task.assignments.exists()
    assert sent(SEND_TICKET_STATUS) == []


def test_bad_messages_are_recorded_with_their_reason_and_the_rest_go_on(demo_workflows):
    report = receive("not a dict", {"subject": "no number"}, hdts_ticket("T-2"))

    assert report.created == ["T-2"]
    assert sorted(f.reason for f in IntakeFailure.objects.all()) == [
        "ticket_data has no ticket_number (nor ticket_id)",
        "ticket_data must be an object, not str",
    ]


def test_the_celery_task_takes_the_payload_positional_or_keyword_and_records_garbage(demo_workflows):
    receive_ticket.apply(args=(hdts_ticket("T-3"),))
    receive_ticket.apply(kwargs={"ticket_data": hdts_ticket("T-4")})
    receive_ticket.apply()

    assert set(Task.objects.values_list("ticket_number", flat=True)) == {"T-3", "T-4"}
    assert IntakeFailure.objects.get().reason.startswith("no ticket_data")


def test_a_ticket_waits_when_nobody_holds_the_role_and_is_assigned_when_someone_joins(replica, django_capture_on_commit_callbacks):
    from workflows.demo import demo_workflows_seed

    demo_workflows_seed()
    with django_capture_on_commit_callbacks(execute=True):
        receive(hdts_ticket("T-5", category="Budget Request", department="Budget Department", sub_category="Purchase Order"))
    task = Task.objects.get(ticket_number="T-5")
    assert task.status == "in_progress"  # Triage is the coordinator's
    Assignment.objects.filter(task=task).update(status="completed")
    task.status, task.current_role, task.current_step_name = "pending", "Budget Manager", "Finalize"
    task.current_step_id = task.workflow_version.steps[2]["id"]
    task.save()

    with django_capture_on_commit_callbacks(execute=True):
        add_member(40, "Budget Manager")

    task.refresh_from_db()
    assert task.status == "in_progress"
    assert task.assignments.get(status="active").user_id == 40


def test_round_robin_spreads_tickets_over_the_members_of_a_role(demo_workflows):
    add_member(21, "Ticket Coordinator")

    receive(*(hdts_ticket(f"T-{n}") for n in range(4)))

    assignees = list(Assignment.objects.order_by("task__ticket_number").values_list("user_id", flat=True))
    owners = list(Task.objects.order_by("ticket_number").values_list("owner_user_id", flat=True))
    assert sorted(assignees) == [20, 20, 21, 21]
    assert owners == assignees  # the coordinator who triages owns the ticket


def test_a_batch_with_the_database_away_is_republished_for_later(demo_workflows, monkeypatch):
    from django.db import OperationalError

    from intake import tasks as intake_tasks

    republished = []
    monkeypatch.setattr(intake_tasks, "tickets_receive", lambda **_: (_ for _ in ()).throw(OperationalError("server closed")))
    monkeypatch.setattr(receive_ticket.app, "send_task", lambda name, **options: republished.append((name, options)))

    result = receive_ticket.apply(args=(hdts_ticket("T-8"),), task_id="message-1").get()

    assert result == {"deferred": 1}
    [(name, options)] = republished
    assert name == "tickets.tasks.receive_ticket"
    assert list(options["args"]) == [hdts_ticket("T-8")]
    assert options["headers"] == {"tts_intake_attempt": 1} and options["countdown"] == 2 and options["task_id"] == "message-1"
    assert not Task.objects.exists()


def test_a_bad_message_in_a_batch_is_dead_lettered_with_its_own_arguments(demo_workflows, monkeypatch):
    from celery_batches import SimpleRequest

    from intake import tasks as intake_tasks

    dead = []
    monkeypatch.setattr(intake_tasks, "dead_letter", lambda app, **fields: dead.append(fields))

    def request(args, message_id):
        return SimpleRequest(message_id, RECEIVE, args, {}, {}, "host", True, None, None, {})

    receive_ticket.run([request((hdts_ticket("T-20"),), "m-1"), request(("garbage",), "m-2"), request(({"no": "number"},), "")])

    assert [(d["task_id"], d["args"]) for d in dead] == [("m-2", ("garbage",)), ("", ({"no": "number"},))]
    assert Task.objects.filter(ticket_number="T-20").exists()


RECEIVE = "tickets.tasks.receive_ticket"
