# messaging publishes through its outbox (comment_added for workflow_api) and consumes auth's revocations.
from tts_common.celery import make_celery_app
from tts_common.routing import REVOCATION_MESSAGING_QUEUE

app = make_celery_app("messaging", consumes=(REVOCATION_MESSAGING_QUEUE,))
app.conf.include = ["config.revocation"]
