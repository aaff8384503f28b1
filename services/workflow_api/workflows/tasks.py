from celery import shared_task

from tts_common import messages
from tts_common.celery import TTSTask, message_read
from workflows.demo import demo_workflows_seed


@shared_task(name=messages.SEED_WORKFLOWS.task_name, base=TTSTask, bind=True)
def seed_workflows(self, *args, **kwargs):
    message_read(self, messages.SEED_WORKFLOWS, args, kwargs)
    return demo_workflows_seed()
