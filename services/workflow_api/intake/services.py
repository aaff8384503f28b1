"""From ticket messages to tasks: idempotent, batch-first, one bad ticket costs only itself.

A batch is matched and assigned in one transaction with bulk inserts. When
that transaction fails for a reason that is not transient (a value the
database refuses, an SLA whose date arithmetic overflows, two workers
meeting on the same unique ticket number...), it is rolled back and the
batch is retried one ticket at a time: a ticket that still fails is recorded
as an ``IntakeFailure`` with the reason, a duplicate is recognised and
skipped, and every other ticket becomes its task. A transient fault (the
database away) defers the tickets it touched, for the caller to redeliver.
Outgoing messages go to the outbox in the same transaction, so nothing is
published before commit and nothing is lost when the broker is down.
"""

import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.services import SYSTEM, audit_event
from intake.models import IntakeFailure
from intake.parsing import IncomingTicket, UnusableTicketError, ticket_parse
from tasks.models import Task
from tasks.services.assignment import COORDINATOR_ROLE, AssigneePicker, Outcome, deciders, task_enter_step
from tasks.services.sla import PRIORITY_RANK, task_target
from tts_common.celery import TRANSIENT_ERRORS
from tts_common.jsonvalues import storable
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
    """What became of a batch; every delivery is in exactly one of these lists (duplicates by ticket number).

    ``failures``: the unsaved-or-saved ``IntakeFailure`` rows, each with ``.delivery`` and ``.stored``
    (False when even the record could not be written: the caller must keep the message some other way).
    ``deferred``: deliveries a transient fault stopped, with ``transient_error``; nothing of them was written.
    """

    created: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    failures: list[IntakeFailure] = field(default_factory=list)
    deferred: list[Delivery] = field(default_factory=list)
    transient_error: Exception | None = None


def intake_failure_record(*, delivery: Delivery, reason: str) -> IntakeFailure:
    """An unsaved ``IntakeFailure`` for ``delivery``.

    The payload is stored as ``tts_common.jsonvalues.storable`` makes it: NUL
    becomes U+FFFD, a value that is not JSON becomes ``{"repr": ...}``, and a
    copy over 64 KiB of JSON is truncated.
    """
    number = delivery.payload.get("ticket_number", "") if isinstance(delivery.payload, dict) else ""
    failure = IntakeFailure(
        reason=storable(reason[:5000]),
        payload=storable(delivery.payload),
        message_id=storable(delivery.message_id[:100]),
        ticket_number=storable(str(number or "")[:64]),
    )
    failure.delivery = delivery  # not stored: lets the caller dead-letter the very message that failed
    failure.stored = False
    return failure


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {error}".strip()


def tickets_receive(*, deliveries: list[Delivery]) -> IntakeReport:
    """Make each delivery a task, a recorded failure, a duplicate or (transient fault) deferred.

    Never raises for a message's content or for a database fault: whatever
    could not be settled is in ``deferred`` or a failure with ``stored=False``.
    """
    report = IntakeReport()
    tickets: dict[str, tuple[IncomingTicket, Delivery]] = {}
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
            tickets[ticket.ticket_number] = (ticket, delivery)
    if tickets:
        _receive_parsed(list(tickets.values()), report)
    _store_failures(report)
    return report


def _receive_parsed(parsed: list[tuple[IncomingTicket, Delivery]], report: IntakeReport) -> None:
    try:
        deployed = DeployedWorkflows.load()
        attempt = IntakeReport()
        _create_tasks([ticket for ticket, _ in parsed], attempt, deployed)
    except TRANSIENT_ERRORS as error:
        report.deferred.extend(delivery for _, delivery in parsed)
        report.transient_error = error
        return
    except Exception as error:  # not transient: split the batch so the bad ticket costs only itself
        if not isinstance(error, IntegrityError):  # IntegrityError: most likely another worker's same ticket
            logger.warning("intake batch of %d failed (%s); retrying one ticket at a time", len(parsed), _reason(error))
        for ticket, delivery in parsed:
            _receive_one(ticket, delivery, report)
        return
    report.created.extend(attempt.created)
    report.duplicates.extend(attempt.duplicates)


def _receive_one(ticket: IncomingTicket, delivery: Delivery, report: IntakeReport) -> None:
    try:
        attempt = IntakeReport()
        _create_tasks([ticket], attempt, DeployedWorkflows.load())
    except TRANSIENT_ERRORS as error:
        report.deferred.append(delivery)
        report.transient_error = error
        return
    except Exception as error:
        try:
            duplicate = isinstance(error, IntegrityError) and Task.objects.filter(ticket_number=ticket.ticket_number).exists()
        except TRANSIENT_ERRORS as lookup_error:
            report.deferred.append(delivery)
            report.transient_error = lookup_error
            return
        if duplicate:
            report.duplicates.append(ticket.ticket_number)
        else:
            logger.warning("ticket %s cannot become a task: %s", ticket.ticket_number, _reason(error))
            report.failures.append(intake_failure_record(delivery=delivery, reason=_reason(error)))
        return
    report.created.extend(attempt.created)
    report.duplicates.extend(attempt.duplicates)


def _store_failures(report: IntakeReport) -> None:
    """Write the failure rows: all at once, else one by one; a transient fault defers them instead."""
    if not report.failures:
        return
    try:
        IntakeFailure.objects.bulk_create(report.failures)
        for failure in report.failures:
            failure.stored = True
        return
    except TRANSIENT_ERRORS as error:
        report.deferred.extend(failure.delivery for failure in report.failures)
        report.failures, report.transient_error = [], error
        return
    except Exception:  # one row the database refuses must not cost the others their record
        logger.exception("intake failures could not be stored together; storing them one by one")
    for failure in report.failures:
        try:
            failure.pk = None
            failure.save(force_insert=True)
            failure.stored = True
        except Exception:  # the caller still dead-letters it, or keeps the message when that fails too
            logger.exception("intake failure for message %s could not be stored", failure.message_id)


def _picker_for(matched: dict) -> AssigneePicker:
    """Reserve round-robin turns for a batch before its transaction opens (no role lock is held while it runs)."""
    needs: dict[str, int] = {COORDINATOR_ROLE: 0}
    for version in matched.values():
        if version is not None:
            needs[COORDINATOR_ROLE] += 1
            first_step = version.first_step()
            role, takers = first_step["role"], deciders(first_step)
            if role.casefold() != COORDINATOR_ROLE.casefold():
                needs[role] = needs.get(role, 0) + takers
            else:  # the owner is the first taker
                needs[COORDINATOR_ROLE] += takers - 1
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

    outcome, waiting = Outcome(), []
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
            if task.status == Task.Status.PENDING and takers[task.ticket_number] is not None:
                waiting.append(task)  # an approval step that found fewer people than its K waits for members
    Task.objects.bulk_update(waiting, ["status"])
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
        task.step_entered_at = now
        task.target_resolution = task_target(
            sla=version.definition["sla"], priority=ticket.priority, received_at=now, calendar=version.calendar
        )
    return task
