"""The domain's own metrics (prometheus_client objects), defined once for every service.

Each service increments only those that concern it; a scrape shows a metric's
samples once it has moved (a counter without labels shows 0 from the start).
Import this module only after the settings have loaded
(``tts_common.metrics.multiprocess``): the multiprocess folder must be known first.

See docs/operations.md, "Metrics", for the full list with labels and meaning.
"""

from prometheus_client import Counter, Gauge, Histogram

# workflow_api: intake (the worker's receive_ticket batches).
TICKETS_RECEIVED = Counter(
    "tts_tickets_received",
    "Ticket messages taken off TICKET_TASKS_PRODUCTION, by what became of them.",
    ["outcome"],  # created, duplicate, failed, deferred
)
INTAKE_FAILURES = Counter("tts_intake_failures", "Ticket messages that can never become a task (recorded and dead-lettered).")

# workflow_api: domain events, counted when the audit event's transaction commits (audit.services).
AUDIT_EVENTS = Counter("tts_audit_events", "Audit events committed, by action (task.created, task.assigned, ...).", ["action"])
TASKS_CREATED = Counter("tts_tasks_created", "Tasks created from tickets, by their first status.", ["status"])
TICKETS_UNMATCHED = Counter("tts_tickets_unmatched", "Tickets that matched no deployed workflow (tasks with status unmatched).")
TASKS_ASSIGNED = Counter("tts_tasks_assigned", "Assignments of a task step to a person.")
TASK_TRANSITIONS = Counter("tts_task_transitions", "Workflow transitions taken, by the transition's name.", ["transition"])
TASK_ESCALATIONS = Counter("tts_task_escalations", "Tasks escalated (by a person or by an SLA breach).")
SLA_BREACHES = Counter("tts_sla_breaches", "Assignments that passed their SLA target (found by the sweep).")

# messaging: sockets open in this service's processes (the live-sum over its processes).
WEBSOCKET_CONNECTIONS = Gauge(
    "tts_websocket_connections",
    "WebSocket connections open now, by route kind (comments, tickets, notifications).",
    ["route"],
    multiprocess_mode="livesum",
)
WEBSOCKET_CONNECTIONS_ACCEPTED = Counter("tts_websocket_connections_accepted", "WebSocket connections accepted.", ["route"])

# Celery workers (signals, tts_common.metrics.celery).
CELERY_TASKS = Counter(
    "tts_celery_tasks",
    "Celery task executions finished in this service's workers, by task name and state.",
    ["task", "state"],  # succeeded, failed, retried, rejected
)
CELERY_TASK_RUNTIME = Histogram(
    "tts_celery_task_runtime_seconds",
    "Wall-clock seconds of one Celery task execution (a batch task: one batch).",
    ["task"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, float("inf")),
)
