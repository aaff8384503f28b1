"""auth's revocations (``tts_common.revocation``) into this service's deny list."""

from celery import shared_task

from tts_common.revocation import Revocation, revocation_record
from tts_common.routing import REVOKE_TOKENS_TICKET_MOCK


@shared_task(name=REVOKE_TOKENS_TICKET_MOCK)
def revoke_tokens(revocation: dict) -> None:
    """``{"user_id", "not_before"}``: that user's tokens issued before then are refused from now on.

    Idempotent (the later ``not_before`` wins); a malformed message raises ValueError and is dead-lettered.
    """
    revocation_record(Revocation.from_message(revocation))
