"""auth's revocations (``tts_common.revocation``) into this service's deny list and to the user's open sockets."""

from celery import shared_task

from tts_common.celery import message_read
from tts_common.live import live_enabled, push_to_user
from tts_common.messages import REVOKE_TOKENS
from tts_common.revocation import SESSION_REVOKED_EVENT, revocation_record

MESSAGE = REVOKE_TOKENS["messaging"]


@shared_task(name=MESSAGE.task_name, bind=True)
def revoke_tokens(self, *args, **kwargs) -> None:
    """``{"user_id", "not_before"}``: refuse that user's older tokens, and close their sockets holding one (4401).

    The sockets are told through the shared channel layer (every messaging
    process); when it cannot be reached the task retries (ConnectionError).
    Idempotent; a malformed message is dead-lettered, naming the field.
    """
    parsed = message_read(self, MESSAGE, args, kwargs)
    not_before = revocation_record(parsed)
    if live_enabled() and not push_to_user(parsed.user_id, {"type": SESSION_REVOKED_EVENT, "not_before": not_before}):
        raise ConnectionError("the channel layer refused the revocation push")
