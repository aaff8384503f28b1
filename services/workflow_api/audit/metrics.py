"""workflow_api's own metrics (prometheus_client), counted where audit events are written
(``audit.services.count_event``, on commit) and per intake batch (``intake.tasks.count_report``).

Defined here, not in tts_common: they concern this service only. The list, with labels and meaning,
is in docs/operations.md, "Metrics".
"""

from prometheus_client import Counter

# Intake (the worker's receive_ticket batches).
TICKETS_RECEIVED = Counter(
    "tts_tickets_received",
    "Ticket messages taken off TICKET_TASKS_PRODUCTION, by what became of them.",
    ["outcome"],  # created, duplicate, failed, deferred
)
INTAKE_FAILURES = Counter("tts_intake_failures", "Ticket messages that can never become a task (recorded and dead-lettered).")

# Domain events, counted when the audit event's transaction commits.
AUDIT_EVENTS = Counter("tts_audit_events", "Audit events committed, by action (task.created, task.assigned, ...).", ["action"])
TASKS_CREATED = Counter("tts_tasks_created", "Tasks created from tickets, by their first status.", ["status"])
TICKETS_UNMATCHED = Counter("tts_tickets_unmatched", "Tickets that matched no deployed workflow (tasks with status unmatched).")
TASKS_ASSIGNED = Counter("tts_tasks_assigned", "Assignments of a task step to a person.")
TASK_TRANSITIONS = Counter("tts_task_transitions", "Workflow transitions taken, by the transition's name.", ["transition"])
TASK_ESCALATIONS = Counter("tts_task_escalations", "Tasks escalated (by a person or by an SLA breach).")
SLA_BREACHES = Counter("tts_sla_breaches", "Assignments that passed their SLA target (found by the sweep).")

# Known label values start at 0, so a scrape shows them (and rate() has a start) before anything happened.
for _outcome in ("created", "duplicate", "failed", "deferred"):
    TICKETS_RECEIVED.labels(_outcome)
for _status in ("pending", "in_progress", "unmatched"):
    TASKS_CREATED.labels(_status)
