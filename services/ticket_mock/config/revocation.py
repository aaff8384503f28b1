"""auth's revocations (``tts_common.revocation``) into this service's deny list."""

from celery import shared_task

from tts_common.celery import message_read
from tts_common.messages import REVOKE_TOKENS
from tts_common.revocation import revocation_record

MESSAGE = REVOKE_TOKENS["ticket_mock"]


@shared_task(name=MESSAGE.task_name, bind=True)
def revoke_tokens(self, *args, **kwargs) -> None:
    """``{"user_id", "not_before"}``: that user's tokens issued before then are refused from now on.

    Idempotent (the later ``not_before`` wins); a malformed message is dead-lettered, naming the field.
    """
    revocation_record(message_read(self, MESSAGE, args, kwargs))
