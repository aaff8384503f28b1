"""auth's revocations reach this service: its worker consumes its own revocation queue and the task fills the deny list."""

from config.celery import app
from config.revocation import revoke_tokens
from tts_common.testing_revocation import RevocationTaskContract


class TestRevocationTask(RevocationTaskContract):
    app = app
    task = staticmethod(revoke_tokens)
