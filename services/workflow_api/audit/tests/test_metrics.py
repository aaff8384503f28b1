"""workflow_api's domain metrics: counted once the work commits, never for work rolled back,
and the figures read from the database at scrape time."""

import pytest
from django.db import transaction
from django.utils import timezone

from audit import metrics
from audit.services import SYSTEM, audit_event
from config.metrics import workflow_families
from intake.tasks import receive_ticket
from tasks.models import Assignment, Task
from tests.factories import hdts_ticket

pytestmark = pytest.mark.django_db


def value(counter, *labels) -> float:
    return (counter.labels(*labels) if labels else counter)._value.get()


def test_tickets_through_the_intake_task_move_the_intake_and_task_counters(demo_workflows, django_capture_on_commit_callbacks):
    before = {
        "created": value(metrics.TICKETS_RECEIVED, "created"),
        "duplicate": value(metrics.TICKETS_RECEIVED, "duplicate"),
        "failed": value(metrics.TICKETS_RECEIVED, "failed"),
        "failures": value(metrics.INTAKE_FAILURES),
        "in_progress": value(metrics.TASKS_CREATED, "in_progress"),
        "unmatched": value(metrics.TICKETS_UNMATCHED),
        "assigned": value(metrics.TASKS_ASSIGNED),
        "audited": value(metrics.AUDIT_EVENTS, "task.created"),
    }

    with django_capture_on_commit_callbacks(execute=True):
        receive_ticket.apply(args=(hdts_ticket("T-1"),))
        receive_ticket.apply(args=(hdts_ticket("T-1"),))
        receive_ticket.apply(args=(hdts_ticket("T-2", category="Space Travel"),))
        receive_ticket.apply(args=({"subject": "no number"},))

    assert value(metrics.TICKETS_RECEIVED, "created") == before["created"] + 2
    assert value(metrics.TICKETS_RECEIVED, "duplicate") == before["duplicate"] + 1
    assert value(metrics.TICKETS_RECEIVED, "failed") == before["failed"] + 1
    assert value(metrics.INTAKE_FAILURES) == before["failures"] + 1
    assert value(metrics.TASKS_CREATED, "in_progress") == before["in_progress"] + 1
    assert value(metrics.TICKETS_UNMATCHED) == before["unmatched"] + 1
    assert value(metrics.TASKS_ASSIGNED) == before["assigned"] + Assignment.objects.count()
    assert value(metrics.AUDIT_EVENTS, "task.created") == before["audited"] + 2


def test_an_event_is_counted_on_commit_and_not_when_rolled_back(demo_workflows, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        receive_ticket.apply(args=(hdts_ticket("T-5"),))
    task = Task.objects.get(ticket_number="T-5")
    approve, breached = value(metrics.TASK_TRANSITIONS, "approve"), value(metrics.SLA_BREACHES)

    def rolled_back():
        with transaction.atomic():
            audit_event(actor=SYSTEM, action="task.transitioned", entity=task, after={"transition": "approve"})
            raise RuntimeError("rolled back")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        rolled_back()
    assert callbacks == []
    assert value(metrics.TASK_TRANSITIONS, "approve") == approve

    with django_capture_on_commit_callbacks(execute=True):
        audit_event(actor=SYSTEM, action="task.transitioned", entity=task, after={"transition": "approve"})
        audit_event(actor=SYSTEM, action="sla.breached", entity=task, save=False)

    assert value(metrics.TASK_TRANSITIONS, "approve") == approve + 1
    assert value(metrics.SLA_BREACHES) == breached + 1


def test_sla_warnings_and_tasks_by_status_are_read_from_the_database(demo_workflows):
    receive_ticket.apply(args=(hdts_ticket("T-7"),))
    receive_ticket.apply(args=(hdts_ticket("T-8", category="Space Travel"),))
    Assignment.objects.update(warned_at=timezone.now())

    families = {family.name: family for family in workflow_families()}

    assert families["tts_sla_warnings"].samples[0].value == Assignment.objects.count() >= 1
    tasks = {sample.labels["status"]: sample.value for sample in families["tts_tasks"].samples}
    assert tasks["unmatched"] == 1 and tasks["in_progress"] == 1
    assert set(tasks) == set(Task.Status.values)
