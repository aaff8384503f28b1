"""Consumers of auth's role sync messages.

A payload that can never be applied (not an object, a field missing or of
the wrong type, a value the database refuses) fails for good: TTSTask
records it as a ``DeadLetter`` and publishes it to the dead-letter queue.
"""

from celery import shared_task

from roles.services import role_member_sync_apply, role_sync_apply
from tts_common.celery import TTSTask
from tts_common.routing import SYNC_ROLE, SYNC_USER_SYSTEM_ROLE


@shared_task(name=SYNC_ROLE, base=TTSTask)
def sync_role(payload):
    role_sync_apply(payload=payload)


@shared_task(name=SYNC_USER_SYSTEM_ROLE, base=TTSTask)
def sync_user_system_role(payload):
    role_member_sync_apply(payload=payload)
