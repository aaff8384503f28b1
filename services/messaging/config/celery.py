# messaging consumes no queue: it only publishes, through its outbox (comment_added for workflow_api).
from tts_common.celery import make_celery_app

app = make_celery_app("messaging")
