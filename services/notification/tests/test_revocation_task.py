"""auth's revocations reach this service: its worker consumes its own revocation queue and the task fills the deny list."""

import json

import pytest
from django.conf import settings
from django.core.cache import caches

from config.celery import app
from config.revocation import revoke_tokens
from tts_common.revocation import CACHE_ALIAS, revoked_before
from tts_common.routing import REVOCATION_TASKS, TASK_QUEUES

USER_ID = 4242


@pytest.fixture(autouse=True)
def _empty_deny_list():
    caches[CACHE_ALIAS].delete(f"user.{USER_ID}")
    yield
    caches[CACHE_ALIAS].delete(f"user.{USER_ID}")


def test_this_services_worker_consumes_its_own_revocation_task():
    name = REVOCATION_TASKS[settings.SERVICE_NAME]

    assert revoke_tokens.name == name
    assert name in app.tasks and "config.revocation" in app.conf.include
    assert TASK_QUEUES[name] in {queue.name for queue in app.conf.task_queues}


def test_the_task_puts_the_revocation_in_the_deny_list_and_is_idempotent():
    message = json.loads(json.dumps({"user_id": USER_ID, "not_before": 1_800_000_000.5}))

    revoke_tokens(message)
    revoke_tokens(message)

    assert revoked_before(USER_ID) == 1_800_000_000.5


def test_a_malformed_revocation_fails_for_the_dead_letter_queue():
    with pytest.raises(ValueError, match="user_id"):
        revoke_tokens({"user_id": "everyone", "not_before": 1.0})
    assert revoked_before(USER_ID) is None
