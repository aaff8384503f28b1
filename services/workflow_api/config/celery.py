from tts_common.celery import make_celery_app
from tts_common.env import env_int
from tts_common.routing import SLA_SWEEP

app = make_celery_app("workflow_api")
app.conf.beat_schedule = {"sla-sweep": {"task": SLA_SWEEP, "schedule": env_int("SLA_SWEEP_SECONDS", 60)}}
