"""Consumers of auth's role sync messages.

Each reads its payload through its definition (``tts_common.messages``); a
payload that can never be applied (not an object, a field missing or of the
wrong type) is dead-lettered naming the field, and so is one the database
refuses: TTSTask records it as a ``DeadLetter`` and publishes it to the
dead-letter queue.
"""

from celery import shared_task

from roles.services import role_member_sync_apply, role_sync_apply
from tts_common import messages
from tts_common.celery import TTSTask, message_read


@shared_task(name=messages.SYNC_ROLE.task_name, base=TTSTask, bind=True)
def sync_role(self, *args, **kwargs):
    role_sync_apply(payload=message_read(self, messages.SYNC_ROLE, args, kwargs))


@shared_task(name=messages.SYNC_USER_SYSTEM_ROLE.task_name, base=TTSTask, bind=True)
def sync_user_system_role(self, *args, **kwargs):
    role_member_sync_apply(payload=message_read(self, messages.SYNC_USER_SYSTEM_ROLE, args, kwargs))
