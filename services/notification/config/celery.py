from tts_common.celery import make_celery_app
from tts_common.routing import INAPP_NOTIFICATION_QUEUE, NOTIFICATION_QUEUE, REVOCATION_NOTIFICATION_QUEUE

app = make_celery_app("notification", consumes=(NOTIFICATION_QUEUE, INAPP_NOTIFICATION_QUEUE, REVOCATION_NOTIFICATION_QUEUE))
app.conf.include = ["config.revocation"]
