from celery import shared_task

from tts_common.celery import TTSTask
from tts_common.routing import SEED_WORKFLOWS
from workflows.demo import demo_workflows_seed


@shared_task(name=SEED_WORKFLOWS, base=TTSTask)
def seed_workflows():
    return demo_workflows_seed()
