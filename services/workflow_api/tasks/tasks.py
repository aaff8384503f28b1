from celery import shared_task

from tasks.services.sla_sweep import sla_sweep
from tts_common.routing import SLA_SWEEP


@shared_task(name=SLA_SWEEP, ignore_result=True)
def sweep_slas():
    result = sla_sweep()
    return {"warned": result.warned, "breached": result.breached, "escalated": result.escalated}
