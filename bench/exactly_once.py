"""Exactly-once, counted in the services' own databases: what a ticket intake left behind, ticket by ticket.

For the tickets ticket_mock created after a baseline, each must be exactly
one task in workflow_api or exactly one recorded intake failure; each of
those tasks' assignments exactly one in-app notification and one assignment
email at notification (counted through the message id workflow_api's outbox
gave the email: notification dedupes on it); each status workflow_api
reported exactly one status change recorded at ticket_mock. Read with SQL,
so it needs no service's Django settings.
"""

from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field

import psycopg2

from tts_common.routing import CREATE_INAPP_NOTIFICATION, SEND_ASSIGNMENT_NOTIFICATION, SEND_TICKET_STATUS

SAMPLE = 5  # ticket numbers named per failure line
DELIVERED = ("sent", "skipped")  # skipped: the recipient muted the type (still handled once)


@dataclass(frozen=True)
class Baseline:
    """What existed before the run (the last ticket id at ticket_mock, the last outbox id at workflow_api)."""

    ticket_id: int
    workflow_outbox_id: int


@dataclass
class Tally:
    """Counts of one look at the databases, and what is missing or doubled (``failures``, empty when all is exactly once)."""

    tickets: int = 0
    tasks: int = 0
    intake_failures: int = 0
    assignments: int = 0
    inapp_notifications: int = 0
    emails: int = 0
    status_changes: int = 0
    pending_outbox: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def fingerprint(self) -> tuple:
        """The counts, to tell whether anything moved between two looks."""
        return (
            self.tickets,
            self.tasks,
            self.intake_failures,
            self.assignments,
            self.inapp_notifications,
            self.emails,
            self.status_changes,
            tuple(sorted(self.pending_outbox.items())),
        )


def _connect(dsn: str):
    connection = psycopg2.connect(dsn, connect_timeout=5)
    connection.autocommit = True
    return connection


def _rows(dsn: str, sql: str, parameters: tuple = ()) -> list[tuple]:
    with closing(_connect(dsn)) as connection, connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        return cursor.fetchall()


def baseline_take(database_dsn) -> Baseline:
    """The baseline now; ``database_dsn(service)`` gives each service's database URL (``Suite.database_dsn``)."""
    ticket_id = _rows(database_dsn("ticket_mock"), "SELECT coalesce(max(id), 0) FROM tickets_ticket")[0][0]
    outbox_id = _rows(database_dsn("workflow_api"), "SELECT coalesce(max(id), 0) FROM outbox_outboxmessage")[0][0]
    return Baseline(ticket_id=ticket_id, workflow_outbox_id=outbox_id)


def tickets_created(database_dsn, baseline: Baseline) -> int:
    """How many tickets ticket_mock holds beyond the baseline."""
    return _rows(database_dsn("ticket_mock"), "SELECT count(*) FROM tickets_ticket WHERE id > %s", (baseline.ticket_id,))[0][0]


def tasks_made(database_dsn, baseline: Baseline) -> int:
    """How many of those tickets are tasks at workflow_api (progress while the run goes on)."""
    numbers = [
        row[0]
        for row in _rows(database_dsn("ticket_mock"), "SELECT ticket_number FROM tickets_ticket WHERE id > %s", (baseline.ticket_id,))
    ]
    return _rows(database_dsn("workflow_api"), "SELECT count(*) FROM tasks_task WHERE ticket_number = ANY(%s)", (numbers,))[0][0]


def _named(label: str, keys: list) -> str:
    shown = ", ".join(str(key) for key in sorted(keys)[:SAMPLE])
    more = f" and {len(keys) - SAMPLE} more" if len(keys) > SAMPLE else ""
    return f"{label}: {len(keys)} ({shown}{more})"


def tally_take(database_dsn, baseline: Baseline, *, expected_tickets: int) -> Tally:
    """Count the run's tickets through every service and list what is not exactly once.

    Raises psycopg2.OperationalError when a database does not answer.
    """
    tally = Tally()
    failures = tally.failures
    ticket_dsn, workflow_dsn, notification_dsn = database_dsn("ticket_mock"), database_dsn("workflow_api"), database_dsn("notification")

    tickets = dict(_rows(ticket_dsn, "SELECT ticket_number, id FROM tickets_ticket WHERE id > %s", (baseline.ticket_id,)))
    numbers = list(tickets)
    tally.tickets = len(tickets)
    if tally.tickets != expected_tickets:
        failures.append(f"ticket_mock holds {tally.tickets} new tickets, {expected_tickets} were to be injected")

    # Intake: exactly one task or exactly one recorded failure per ticket.
    task_rows = _rows(workflow_dsn, "SELECT ticket_number, id FROM tasks_task WHERE ticket_number = ANY(%s)", (numbers,))
    tasks_per_ticket = Counter(number for number, _ in task_rows)
    task_ids = {task_id: number for number, task_id in task_rows}
    failures_per_ticket = Counter(
        dict(
            _rows(
                workflow_dsn,
                "SELECT ticket_number, count(*) FROM intake_intakefailure WHERE ticket_number = ANY(%s) GROUP BY 1",
                (numbers,),
            )
        )
    )
    tally.tasks, tally.intake_failures = len(task_rows), sum(failures_per_ticket.values())
    lost = [number for number in numbers if not tasks_per_ticket[number] and not failures_per_ticket[number]]
    if lost:
        failures.append(_named("tickets with neither a task nor an intake failure (lost)", lost))
    if doubled := [number for number, count in tasks_per_ticket.items() if count > 1]:
        failures.append(_named("tickets with more than one task", doubled))
    if doubled := [number for number, count in failures_per_ticket.items() if count > 1]:
        failures.append(_named("tickets with more than one intake failure", doubled))
    if both := [number for number in tasks_per_ticket if failures_per_ticket[number]]:
        failures.append(_named("tickets that are a task and also a recorded intake failure", both))

    # What workflow_api asked of the others for these tasks (its outbox since the baseline).
    outbox = _rows(
        workflow_dsn,
        "SELECT message_id::text, task_name, args, kwargs FROM outbox_outboxmessage WHERE id > %s AND task_name = ANY(%s)",
        (baseline.workflow_outbox_id, [SEND_ASSIGNMENT_NOTIFICATION, CREATE_INAPP_NOTIFICATION, SEND_TICKET_STATUS]),
    )
    email_messages: dict[tuple[int, int], list[str]] = {}
    status_messages: Counter = Counter()
    for message_id, task_name, args, kwargs in outbox:
        if task_name == SEND_ASSIGNMENT_NOTIFICATION and kwargs.get("task_id") in task_ids:
            email_messages.setdefault((kwargs["task_id"], kwargs["user_id"]), []).append(message_id)
        elif task_name == SEND_TICKET_STATUS and args and args[0] in tasks_per_ticket:
            status_messages[(args[0], args[1])] += 1

    # Assignments: one in-app notification and one assignment email each, downstream at notification.
    assignments = _rows(
        workflow_dsn, "SELECT task_id, user_id FROM tasks_assignment WHERE reason = 'workflow' AND task_id = ANY(%s)", (list(task_ids),)
    )
    tally.assignments = len(assignments)
    inapp = Counter(
        {
            (task_id, user_id): count
            for task_id, user_id, count in _rows(
                notification_dsn,
                "SELECT related_task_id, user_id, count(*) FROM notifications_inappnotification "
                "WHERE notification_type = 'task_assignment' AND related_task_id = ANY(%s) GROUP BY 1, 2",
                (list(task_ids),),
            )
        }
    )
    tally.inapp_notifications = sum(inapp.values())
    all_email_ids = [message_id for ids in email_messages.values() for message_id in ids]
    deliveries: dict[str, list[str]] = {}
    for message_id, status in _rows(
        notification_dsn,
        "SELECT message_id, status FROM notifications_deliverylog WHERE channel = 'email' AND message_id = ANY(%s)",
        (all_email_ids,),
    ):
        deliveries.setdefault(message_id, []).append(status)
    tally.emails = sum(1 for statuses in deliveries.values() for status in statuses if status in DELIVERED)
    problems: dict[str, list] = {}
    for task_id, user_id in assignments:
        ticket = task_ids[task_id]
        if inapp[(task_id, user_id)] != 1:
            problems.setdefault(f"assignments with {inapp[(task_id, user_id)]} in-app notifications", []).append(ticket)
        messages = email_messages.get((task_id, user_id), [])
        if len(messages) != 1:
            problems.setdefault(f"assignments for which workflow_api queued {len(messages)} assignment emails", []).append(ticket)
        delivered = [status for message_id in messages for status in deliveries.get(message_id, []) if status in DELIVERED]
        if len(delivered) != 1:
            other = sorted({status for message_id in messages for status in deliveries.get(message_id, []) if status not in DELIVERED})
            label = f"assignments with {len(delivered)} assignment emails delivered" + (f" (others: {', '.join(other)})" if other else "")
            problems.setdefault(label, []).append(ticket)

    # Status: each status workflow_api reported, recorded exactly once at ticket_mock.
    changes = Counter(
        {
            (number, status): count
            for number, status, count in _rows(
                ticket_dsn,
                "SELECT t.ticket_number, c.status, count(*) FROM tickets_ticketstatuschange c "
                "JOIN tickets_ticket t ON t.id = c.ticket_id WHERE t.id > %s GROUP BY 1, 2",
                (baseline.ticket_id,),
            )
        }
    )
    tally.status_changes = sum(changes.values())
    for (number, status), count in status_messages.items():
        if count != 1:
            problems.setdefault(f"ticket statuses workflow_api queued {count} times", []).append(f"{number} {status}")
        if changes[(number, status)] != 1:
            problems.setdefault(f"ticket statuses recorded {changes[(number, status)]} times at ticket_mock", []).append(
                f"{number} {status}"
            )
    if unasked := [f"{number} {status}" for (number, status) in changes if (number, status) not in status_messages]:
        failures.append(_named("status changes at ticket_mock that workflow_api never queued", unasked))
    if not_reported := [number for number in tasks_per_ticket if not any(key[0] == number for key in status_messages)]:
        failures.append(_named("tasks whose ticket was never sent a status", not_reported))
    failures.extend(_named(label, keys) for label, keys in problems.items())

    # Nothing may wait in an outbox once the run has settled.
    for service in ("ticket_mock", "workflow_api"):
        tally.pending_outbox[service] = _rows(
            database_dsn(service), "SELECT count(*) FROM outbox_outboxmessage WHERE published_at IS NULL"
        )[0][0]
        if tally.pending_outbox[service]:
            failures.append(f"{service}'s outbox still holds {tally.pending_outbox[service]} unpublished message(s)")
    return tally
