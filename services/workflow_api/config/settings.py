from pathlib import Path

from webhooks.settings import webhook_allowed_networks

from tts_common.env import env_int
from tts_common.live import channel_layer_settings
from tts_common.settings import base_settings

BASE_DIR = Path(__file__).resolve().parent.parent

globals().update(base_settings(service="workflow_api", base_dir=BASE_DIR, database_name="workflowmanagement", title="TTS workflow API"))

INSTALLED_APPS += ["tts_common.outbox", "audit", "roles", "workflows", "tasks", "intake", "webhooks", "search"]  # noqa: F821
# Issue 15: saved views, canned replies (snippets) and the requester's other tickets.
INSTALLED_APPS += ["savedviews", "snippets", "requesters"]
DATABASES["default"]["ATOMIC_REQUESTS"] = True  # noqa: F821
# Everything here is TTS work: a token without a TTS role (an HDTS or AMS user) reads nothing.
REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"] = ["tts_common.permissions.IsTTSMember"]  # noqa: F821

# A task's moves go live to its ticket's open consoles (tts_common.live.push_task_changed) over the shared Redis
# channel layer that messaging reads; without REDIS_URL nothing is pushed.
CHANNEL_LAYERS = channel_layer_settings()

# An assignment is warned at this fraction of its share of the SLA, breached at all of it.
SLA_WARNING_FRACTION = 0.75

SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {  # noqa: F821
    "TaskStatusEnum": "tasks.models.Task.Status",
    "AssignmentStatusEnum": "tasks.models.Assignment.Status",
    "WorkflowStatusEnum": "workflows.models.Workflow.Status",
}
# Every body is JSON (the console's, the contract's): a workflow's nested steps and transitions have no form encoding.
REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] = ["tts_common.parsers.JSONParser"]  # noqa: F821

# /metrics: SLA warnings and tasks by status, read from the database at scrape time.
TTS_METRICS_COLLECTORS = ["config.metrics.workflow_families"]

# Outbound webhooks (docs/operations.md, "Webhooks"): CIDRs a target may resolve into although not public
# (loopback is allowed too outside production), timeouts, and the retry schedule, in seconds.
WEBHOOK_ALLOWED_NETWORKS = webhook_allowed_networks()
WEBHOOK_CONNECT_TIMEOUT_SECONDS = env_int("WEBHOOK_CONNECT_TIMEOUT_SECONDS", 3)
WEBHOOK_READ_TIMEOUT_SECONDS = env_int("WEBHOOK_READ_TIMEOUT_SECONDS", 10)
WEBHOOK_RETRY_BASE_SECONDS = env_int("WEBHOOK_RETRY_BASE_SECONDS", 15)
WEBHOOK_RETRY_MAX_SECONDS = env_int("WEBHOOK_RETRY_MAX_SECONDS", 3600)
WEBHOOK_RETRY_WINDOW_SECONDS = env_int("WEBHOOK_RETRY_WINDOW_SECONDS", 86400)
WEBHOOK_DISABLE_AFTER_SECONDS = env_int("WEBHOOK_DISABLE_AFTER_SECONDS", 86400)
WEBHOOK_CLAIM_SECONDS = 60
WEBHOOK_ETA_MAX_SECONDS = 300
WEBHOOK_REQUEUE_AFTER_SECONDS = 600
