from tts_common.celery import make_celery_app
from tts_common.env import env_int
from tts_common.routing import (
    LEGACY_ROLE_SEND_QUEUE,
    LEGACY_WORKFLOW_SEED_QUEUE,
    REVOCATION_WORKFLOW_QUEUE,
    ROLE_SYNC_QUEUE,
    SLA_SWEEP,
    TICKET_QUEUE,
    USER_SYSTEM_ROLE_SYNC_QUEUE,
    WEBHOOK_QUEUE,
    WEBHOOK_RETRY_SWEEP,
    WORKFLOW_MAINTENANCE_QUEUE,
    WORKFLOW_SEED_QUEUE,
)

app = make_celery_app(
    "workflow_api",
    consumes=(
        TICKET_QUEUE,
        ROLE_SYNC_QUEUE,
        USER_SYSTEM_ROLE_SYNC_QUEUE,
        WORKFLOW_SEED_QUEUE,
        WORKFLOW_MAINTENANCE_QUEUE,
        LEGACY_ROLE_SEND_QUEUE,
        LEGACY_WORKFLOW_SEED_QUEUE,
        REVOCATION_WORKFLOW_QUEUE,
        WEBHOOK_QUEUE,
    ),
)
app.conf.include = ["config.revocation"]
app.conf.beat_schedule = {
    "sla-sweep": {"task": SLA_SWEEP, "schedule": env_int("SLA_SWEEP_SECONDS", 60)},
    "webhook-retry-sweep": {"task": WEBHOOK_RETRY_SWEEP, "schedule": env_int("WEBHOOK_SWEEP_SECONDS", 60)},
}
