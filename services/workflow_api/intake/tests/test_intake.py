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
        "ticket_data must be an object, not str",
        "ticket_data.ticket_number is missing",
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

    from intake import services as intake_services

    republished = []
    monkeypatch.setattr(intake_services.DeployedWorkflows, "load", lambda: (_ for _ in ()).throw(OperationalError("server closed")))
    monkeypatch.setattr(receive_ticket.app, "send_task", lambda name, **options: republished.append((name, options)))

    result = receive_ticket.apply(args=(hdts_ticket("T-8"),), task_id="message-1").get()

    assert result == {"created": 0, "duplicates": 0, "failed": 0, "deferred": 1, "unsettled": []}
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


def _hr_workflow_with_an_sla_of(seconds):
    from workflows.models import Workflow

    workflow = Workflow.objects.get(category="Human Resources")
    version = workflow.current_version
    version.definition["sla"] = dict.fromkeys(("low", "medium", "high", "urgent"), seconds)
    version.save(update_fields=["definition"])


def hr_ticket(number):
    return hdts_ticket(number, category="Human Resources", sub_category="", department="HR Department")


def test_a_ticket_with_nul_is_refused_with_where_the_nul_is_and_the_others_become_tasks(demo_workflows):
    poison = hdts_ticket("T-NUL", subject="bad\x00subject")

    report = receive(hdts_ticket("T-1"), poison, hdts_ticket("T-2"))

    assert sorted(report.created) == ["T-1", "T-2"]
    [failure] = IntakeFailure.objects.all()
    assert failure.reason == "ticket_data.subject contains a NUL character (U+0000), which cannot be stored"
    assert failure.ticket_number == "T-NUL"
    assert failure.payload["subject"] == "bad\ufffdsubject"  # stored with U+FFFD in place of the NUL
    assert not Task.objects.filter(ticket_number="T-NUL").exists()


def test_a_nul_in_a_key_or_deep_in_the_extras_is_refused_too(demo_workflows):
    report = receive(hdts_ticket("T-K", dynamic_data={"a\x00b": 1}), hdts_ticket("T-D", employee={"first_name": ["x", "\x00"]}))

    assert report.created == []
    assert sorted(f.reason.split(" ")[0] for f in IntakeFailure.objects.all()) == [
        "ticket_data.dynamic_data.a\ufffdb",
        "ticket_data.employee.first_name[1]",
    ]


def test_a_workflow_whose_sla_overflows_costs_only_its_own_tickets(demo_workflows):
    _hr_workflow_with_an_sla_of(10**12)

    report = receive(hdts_ticket("T-1"), hr_ticket("T-HR"), hdts_ticket("T-2"))

    assert sorted(report.created) == ["T-1", "T-2"]
    [failure] = report.failures
    assert failure.stored and failure.ticket_number == "T-HR"
    assert failure.reason.startswith("OverflowError")
    assert IntakeFailure.objects.get().payload == hr_ticket("T-HR")
    assert sorted(Task.objects.values_list("ticket_number", flat=True)) == ["T-1", "T-2"]
    assert Assignment.objects.count() == 2


def test_a_batch_split_by_a_bad_ticket_still_recognises_duplicates(demo_workflows):
    receive(hdts_ticket("T-1"))
    _hr_workflow_with_an_sla_of(10**12)

    report = receive(hdts_ticket("T-1"), hr_ticket("T-HR"), hdts_ticket("T-3"))

    assert report.created == ["T-3"] and report.duplicates == ["T-1"]
    assert [f.ticket_number for f in report.failures] == ["T-HR"]


def test_the_task_settles_every_message_of_a_poisoned_batch(demo_workflows, monkeypatch):
    from celery_batches import SimpleRequest

    from intake import tasks as intake_tasks

    dead = []
    monkeypatch.setattr(intake_tasks, "dead_letter", lambda app, **fields: dead.append(fields) or True)
    _hr_workflow_with_an_sla_of(10**12)

    def request(args, message_id):
        return SimpleRequest(message_id, RECEIVE, args, {}, {}, "host", True, None, None, {})

    result = receive_ticket.run(
        [request((hdts_ticket("T-1"),), "m-1"), request((hr_ticket("T-HR"),), "m-2"), request((hdts_ticket("T-N", subject="\x00"),), "m-3")]
    )

    assert result == {"created": 1, "duplicates": 0, "failed": 2, "deferred": 0, "unsettled": []}
    assert sorted(d["task_id"] for d in dead) == ["m-2", "m-3"]


def test_a_failure_neither_stored_nor_dead_lettered_is_left_unsettled_for_the_broker(demo_workflows, monkeypatch):
    from celery_batches import SimpleRequest

    from intake import services as intake_services
    from intake import tasks as intake_tasks

    monkeypatch.setattr(intake_tasks, "dead_letter", lambda app, **fields: False)
    monkeypatch.setattr(intake_services.IntakeFailure.objects, "bulk_create", lambda rows: (_ for _ in ()).throw(ValueError("refused")))
    monkeypatch.setattr(intake_services.IntakeFailure, "save", lambda self, **options: (_ for _ in ()).throw(ValueError("refused")))

    result = receive_ticket.run(
        [
            SimpleRequest("m-1", RECEIVE, (hdts_ticket("T-1"),), {}, {}, "host", True, None, None, {}),
            SimpleRequest("m-2", RECEIVE, ("garbage",), {}, {}, "host", True, None, None, {}),
        ]
    )

    assert result["unsettled"] == ["m-2"] and result["created"] == 1


class _Request:
    def __init__(self, message_id):
        self.id, self.settled = message_id, None
        self.task = receive_ticket

    def acknowledge(self):
        self.settled = "ack"

    def reject(self, requeue=False):
        self.settled = "requeue" if requeue else "drop"


class _Pool:
    def __init__(self, result):
        self.result = result

    def apply_async(self, target, args, accept_callback, callback):
        accept_callback(0, 0.0)
        callback(self.result)


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        ({"unsettled": ["m-2"]}, {"m-1": "ack", "m-2": "requeue"}),
        ({"unsettled": []}, {"m-1": "ack", "m-2": "ack"}),
        (None, {"m-1": "requeue", "m-2": "requeue"}),  # the task raised: nothing it held is acknowledged
    ],
)
def test_settled_batches_acknowledge_only_what_the_batch_settled(monkeypatch, result, expected):
    from intake import tasks as intake_tasks

    requests = [_Request("m-1"), _Request("m-2")]
    monkeypatch.setattr(intake_tasks.SimpleRequest, "from_request", staticmethod(lambda request: request.id))
    monkeypatch.setattr(receive_ticket, "_pool", _Pool(result), raising=False)

    receive_ticket.flush(requests)

    assert {request.id: request.settled for request in requests} == expected
