"""From ticket messages to tasks: idempotent, batch-first.

A batch is matched and assigned in one transaction with bulk inserts. Two
workers receiving the same ticket at once meet the unique ticket number: the
loser's batch is rolled back and retried one ticket at a time, where the
duplicate is recognised and skipped. Outgoing messages go to the outbox in
the same transaction, so nothing is published before commit and nothing is
lost when the broker is down.
"""

import json
import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.services import SYSTEM, audit_event
from intake.models import IntakeFailure
from intake.parsing import IncomingTicket, UnusableTicketError, ticket_parse
from tasks.models import Task
from tasks.services.assignment import COORDINATOR_ROLE, AssigneePicker, Outcome, task_enter_step
from tasks.services.sla import PRIORITY_RANK, task_target
from workflows.selectors import DeployedWorkflows

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    """One received message: its payload and the Celery task id it came with."""

    payload: object
    message_id: str = ""
    unusable: str = ""  # why the message itself could not be read, when it could not
    origin: object = None  # what the caller wants back with a failure (the Celery request)


@dataclass
class IntakeReport:
    created: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    failures: list[IntakeFailure] = field(default_factory=list)


def _jsonable(payload: object) -> object:
    try:
        return json.loads(json.dumps(payload))
    except (TypeError, ValueError):
        return {"repr": repr(payload)[:5000]}


def intake_failure_record(*, delivery: Delivery, reason: str) -> IntakeFailure:
    number = delivery.payload.get("ticket_number", "") if isinstance(delivery.payload, dict) else ""
    failure = IntakeFailure(
        reason=reason, payload=_jsonable(delivery.payload), message_id=delivery.message_id, ticket_number=str(number or "")[:64]
    )
    failure.delivery = delivery  # not stored: lets the caller dead-letter the very message that failed
    return failure


def tickets_receive(*, deliveries: list[Delivery]) -> IntakeReport:
    report = IntakeReport()
    tickets: dict[str, IncomingTicket] = {}
    for delivery in deliveries:
        try:
            if delivery.unusable:
                raise UnusableTicketError(delivery.unusable)
            ticket = ticket_parse(delivery.payload)
        except UnusableTicketError as error:
            report.failures.append(intake_failure_record(delivery=delivery, reason=str(error)))
            continue
        if ticket.ticket_number in tickets:
            report.duplicates.append(ticket.ticket_number)
        else:
            tickets[ticket.ticket_number] = ticket
    if report.failures:
        IntakeFailure.objects.bulk_create(report.failures)
    deployed = DeployedWorkflows.load()
    try:
        _create_tasks(list(tickets.values()), report, deployed)
    except IntegrityError:  # another worker created one of these tickets meanwhile
        for ticket in tickets.values():
            try:
                _create_tasks([ticket], report, deployed)
            except IntegrityError:
                report.duplicates.append(ticket.ticket_number)
    return report


def _picker_for(matched: dict) -> AssigneePicker:
    """Reserve round-robin turns for a batch before its transaction opens (no role lock is held while it runs)."""
    needs: dict[str, int] = {COORDINATOR_ROLE: 0}
    for version in matched.values():
        if version is not None:
            needs[COORDINATOR_ROLE] += 1
            role = version.first_step()["role"]
            if role.casefold() != COORDINATOR_ROLE.casefold():
                needs[role] = needs.get(role, 0) + 1
    return AssigneePicker(needs)


def _create_tasks(tickets: list[IncomingTicket], report: IntakeReport, deployed: DeployedWorkflows) -> None:
    existing = set(Task.objects.filter(ticket_number__in=[t.ticket_number for t in tickets]).values_list("ticket_number", flat=True))
    fresh = [ticket for ticket in tickets if ticket.ticket_number not in existing]
    if fresh:
        matched = {
            t.ticket_number: deployed.match(department=t.department, category=t.category, sub_category=t.sub_category) for t in fresh
        }
        picker = _picker_for(matched)
        with transaction.atomic():
            _write_tasks(fresh, matched, picker, report)
    report.duplicates.extend(sorted(existing))


def _write_tasks(fresh: list[IncomingTicket], matched: dict, picker: AssigneePicker, report: IntakeReport) -> None:
    now = timezone.now()

    # Choose people first, so each task row is inserted once, complete.
    tasks, takers = [], {}
    for ticket in fresh:
        version = matched[ticket.ticket_number]
        task = _new_task(ticket, version, now)
        if version is not None:
            first_step = version.first_step()
            owner = picker.pick(COORDINATOR_ROLE)
            if owner is not None:
                task.owner_user_id, task.owner_email = owner.user_id, owner.user_email
            # When coordinators also work the first step, the owner is the one who takes it.
            if first_step["role"].casefold() == COORDINATOR_ROLE.casefold():
                takers[ticket.ticket_number] = owner
            else:
                takers[ticket.ticket_number] = picker.pick(first_step["role"], first_step.get("assignment_strategy", "round_robin"))
            task.status = Task.Status.IN_PROGRESS if takers[ticket.ticket_number] else Task.Status.PENDING
        tasks.append(task)
    Task.objects.bulk_create(tasks)

    outcome = Outcome()
    for task in tasks:
        version = matched[task.ticket_number]
        outcome.audit.append(
            audit_event(
                actor=SYSTEM,
                action="task.created",
                entity=task,
                save=False,
                after={
                    "status": task.status,
                    "workflow": version.workflow_id if version else None,
                    "version": version.number if version else None,
                    "priority": task.priority,
                },
            )
        )
        if version is not None:
            task_enter_step(
                task=task,
                version=version,
                step=version.first_step(),
                picker=picker,
                outcome=outcome,
                now=now,
                member=takers[task.ticket_number],
                announce=True,
            )
    outcome.write()
    report.created.extend(task.ticket_number for task in tasks)


def _new_task(ticket: IncomingTicket, version, now) -> Task:
    task = Task(
        ticket_number=ticket.ticket_number,
        ticket=ticket.payload,
        subject=ticket.subject,
        priority=ticket.priority,
        priority_rank=PRIORITY_RANK[ticket.priority],
        received_at=now,
        status=Task.Status.UNMATCHED,
    )
    if version is not None:
        step = version.first_step()
        task.workflow_id, task.workflow_version = version.workflow_id, version
        task.current_step_id, task.current_step_name, task.current_role = step["id"], step["name"], step["role"]
        task.target_resolution = task_target(sla=version.definition["sla"], priority=ticket.priority, received_at=now)
    return task
