from tts_common.celery import make_celery_app
from tts_common.routing import REVOCATION_TICKET_MOCK_QUEUE, TICKET_STATUS_QUEUE

app = make_celery_app("ticket_mock", consumes=(TICKET_STATUS_QUEUE, REVOCATION_TICKET_MOCK_QUEUE))
app.conf.include = ["config.revocation"]
