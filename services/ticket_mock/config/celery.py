from tts_common.celery import make_celery_app

app = make_celery_app("ticket_mock")
