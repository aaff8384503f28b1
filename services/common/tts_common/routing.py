"""The one routing table: every queue and task name that crosses a process.

Names are permanent (the real HDTS and other producers publish by them), so
no other module spells a queue or task name; they import it from here.
"""

from kombu import Exchange, Queue

# Queues ---------------------------------------------------------------------
TICKET_QUEUE = "TICKET_TASKS_PRODUCTION"
TICKET_STATUS_QUEUE = "ticket_status-default"
ROLE_SYNC_QUEUE = "tts.role.sync"
USER_SYSTEM_ROLE_SYNC_QUEUE = "tts.user_system_role.sync"
WORKFLOW_SEED_QUEUE = "workflow_seed_queue"
NOTIFICATION_QUEUE = "notification-queue-default"
INAPP_NOTIFICATION_QUEUE = "inapp-notification-queue"
# Declared for compatibility with the specification; nothing is routed there.
LEGACY_ROLE_SEND_QUEUE = "role_send-default"
LEGACY_WORKFLOW_SEED_QUEUE = "workflow_seed"
# workflow_api's own periodic work (SLA sweep) and requests from messaging, and the end logic's requests
# to the external asset and budget systems (consumed outside this suite).
WORKFLOW_MAINTENANCE_QUEUE = "tts.workflow.maintenance"
AMS_CHECKOUT_QUEUE = "ams.checkout"
BMS_CHECKOUT_QUEUE = "bms.checkout"
# Where a message that can never be processed ends, for an operator to see.
DEAD_LETTER_QUEUE = "tts.dead_letter"
# auth -> every service that verifies tokens: a user's tokens issued before a time are revoked. One queue
# and one task name per consuming service, so each task name keeps exactly one consumer (a fan-out).
REVOCATION_WORKFLOW_QUEUE = "tts.revocation.workflow_api"
REVOCATION_TICKET_MOCK_QUEUE = "tts.revocation.ticket_mock"
REVOCATION_MESSAGING_QUEUE = "tts.revocation.messaging"
REVOCATION_NOTIFICATION_QUEUE = "tts.revocation.notification"
# Outbound webhooks: messaging's comment events in, and workflow_api's own delivery attempts and retry sweep.
WEBHOOK_QUEUE = "tts.webhooks"

# Task names -----------------------------------------------------------------
RECEIVE_TICKET = "tickets.tasks.receive_ticket"
SEND_TICKET_STATUS = "send_ticket_status"
SYNC_ROLE = "role.tasks.sync_role"
SYNC_USER_SYSTEM_ROLE = "role.tasks.sync_user_system_role"
SEED_WORKFLOWS = "workflow.seed_workflows"
SEND_ASSIGNMENT_NOTIFICATION = "task.send_assignment_notification"
CREATE_INAPP_NOTIFICATION = "notifications.create_inapp_notification"
BULK_CREATE_NOTIFICATIONS = "notifications.bulk_create_notifications"
SEND_EMAIL = "notifications.send_email"
SLA_SWEEP = "workflow.sla_sweep"
# messaging -> workflow worker: tell the people on a ticket's task (not the author) about a comment.
NOTIFY_TICKET_PARTICIPANTS = "workflow.notify_ticket_participants"
AMS_CHECKOUT = "amscheckout.tasks.request_checkout"
BMS_CHECKOUT = "bmscheckout.tasks.request_checkout"
REVOKE_TOKENS_WORKFLOW = "sessions.revoke_tokens.workflow_api"
REVOKE_TOKENS_TICKET_MOCK = "sessions.revoke_tokens.ticket_mock"
REVOKE_TOKENS_MESSAGING = "sessions.revoke_tokens.messaging"
REVOKE_TOKENS_NOTIFICATION = "sessions.revoke_tokens.notification"
# messaging -> workflow worker: a comment was created (webhook event comment.created).
COMMENT_CREATED = "webhooks.comment_created"
# workflow worker -> itself: one delivery attempt of a webhook, and the sweep that re-sends the ones due.
DELIVER_WEBHOOK = "webhooks.deliver"
WEBHOOK_RETRY_SWEEP = "webhooks.retry_sweep"

# service -> the revocation task it consumes (auth publishes each revocation to all of them).
REVOCATION_TASKS: dict[str, str] = {
    "workflow_api": REVOKE_TOKENS_WORKFLOW,
    "ticket_mock": REVOKE_TOKENS_TICKET_MOCK,
    "messaging": REVOKE_TOKENS_MESSAGING,
    "notification": REVOKE_TOKENS_NOTIFICATION,
}

TASK_QUEUES: dict[str, str] = {
    RECEIVE_TICKET: TICKET_QUEUE,
    SEND_TICKET_STATUS: TICKET_STATUS_QUEUE,
    SYNC_ROLE: ROLE_SYNC_QUEUE,
    SYNC_USER_SYSTEM_ROLE: USER_SYSTEM_ROLE_SYNC_QUEUE,
    SEED_WORKFLOWS: WORKFLOW_SEED_QUEUE,
    SEND_ASSIGNMENT_NOTIFICATION: NOTIFICATION_QUEUE,
    CREATE_INAPP_NOTIFICATION: INAPP_NOTIFICATION_QUEUE,
    BULK_CREATE_NOTIFICATIONS: INAPP_NOTIFICATION_QUEUE,
    SEND_EMAIL: NOTIFICATION_QUEUE,
    SLA_SWEEP: WORKFLOW_MAINTENANCE_QUEUE,
    NOTIFY_TICKET_PARTICIPANTS: WORKFLOW_MAINTENANCE_QUEUE,
    AMS_CHECKOUT: AMS_CHECKOUT_QUEUE,
    BMS_CHECKOUT: BMS_CHECKOUT_QUEUE,
    REVOKE_TOKENS_WORKFLOW: REVOCATION_WORKFLOW_QUEUE,
    REVOKE_TOKENS_TICKET_MOCK: REVOCATION_TICKET_MOCK_QUEUE,
    REVOKE_TOKENS_MESSAGING: REVOCATION_MESSAGING_QUEUE,
    REVOKE_TOKENS_NOTIFICATION: REVOCATION_NOTIFICATION_QUEUE,
    COMMENT_CREATED: WEBHOOK_QUEUE,
    DELIVER_WEBHOOK: WEBHOOK_QUEUE,
    WEBHOOK_RETRY_SWEEP: WEBHOOK_QUEUE,
}

ALL_QUEUE_NAMES: tuple[str, ...] = (
    TICKET_QUEUE,
    TICKET_STATUS_QUEUE,
    ROLE_SYNC_QUEUE,
    USER_SYSTEM_ROLE_SYNC_QUEUE,
    WORKFLOW_SEED_QUEUE,
    NOTIFICATION_QUEUE,
    INAPP_NOTIFICATION_QUEUE,
    LEGACY_ROLE_SEND_QUEUE,
    LEGACY_WORKFLOW_SEED_QUEUE,
    WORKFLOW_MAINTENANCE_QUEUE,
    AMS_CHECKOUT_QUEUE,
    BMS_CHECKOUT_QUEUE,
    DEAD_LETTER_QUEUE,
    REVOCATION_WORKFLOW_QUEUE,
    REVOCATION_TICKET_MOCK_QUEUE,
    REVOCATION_MESSAGING_QUEUE,
    REVOCATION_NOTIFICATION_QUEUE,
    WEBHOOK_QUEUE,
)


def plain_queue(name: str) -> Queue:
    """A queue declared as Celery and the real HDTS declare it.

    Durable, bound to a direct exchange of the same name, and without any
    ``x-`` arguments: a producer that declares it plainly must not meet a
    PRECONDITION_FAILED for mismatched arguments.
    """
    return Queue(name, Exchange(name, type="direct", durable=True), routing_key=name, durable=True)


def celery_queues() -> list[Queue]:
    return [plain_queue(name) for name in ALL_QUEUE_NAMES]


def celery_routes() -> dict[str, dict[str, str]]:
    return {task: {"queue": queue, "routing_key": queue} for task, queue in TASK_QUEUES.items()}
