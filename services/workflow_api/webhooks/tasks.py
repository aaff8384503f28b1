"""The webhook tasks of the workflow worker (queue ``tts.webhooks``): parse, call a service, schedule a near retry."""

from celery import shared_task

from tts_common import messages
from tts_common.celery import TTSTask, message_read
from webhooks.services import comment_event_enqueue, deliveries_due_enqueue, delivery_attempt, delivery_schedule_soon


@shared_task(name=messages.COMMENT_CREATED.task_name, base=TTSTask, bind=True)
def comment_created(self, *args, **kwargs):
    comment_event_enqueue(comment=message_read(self, messages.COMMENT_CREATED, args, kwargs))


@shared_task(name=messages.DELIVER_WEBHOOK.task_name, base=TTSTask, bind=True)
def deliver(self, *args, **kwargs):
    """One attempt; a failed one due again within ``WEBHOOK_ETA_MAX_SECONDS`` is queued with a countdown, a later one
    is left to the sweep (a broker holds an unacknowledged countdown message for a limited time only)."""
    request = message_read(self, messages.DELIVER_WEBHOOK, args, kwargs)
    delivery = delivery_attempt(delivery_id=request.delivery_id)
    if delivery is not None and (countdown := delivery_schedule_soon(delivery=delivery)) is not None:
        message = messages.DELIVER_WEBHOOK.build(delivery_id=delivery.pk)
        self.app.send_task(message.task_name, args=message.args, kwargs=message.kwargs, countdown=countdown)


@shared_task(name=messages.WEBHOOK_RETRY_SWEEP.task_name, base=TTSTask, bind=True)
def retry_sweep(self, *args, **kwargs):
    message_read(self, messages.WEBHOOK_RETRY_SWEEP, args, kwargs)
    deliveries_due_enqueue()
