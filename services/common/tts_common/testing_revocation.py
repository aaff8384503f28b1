"""What every consuming service's revocation task must do, written once.

A service's test subclasses :class:`RevocationTaskContract` and names its
Celery ``app`` and its ``revoke_tokens`` task::

    class TestRevocationTask(RevocationTaskContract):
        app = app
        task = staticmethod(revoke_tokens)

and pytest runs the checks below against that service's settings and deny list.
"""

import json
from typing import Any, ClassVar

import pytest
from django.conf import settings
from django.core.cache import caches

from tts_common.revocation import CACHE_ALIAS, revoked_before
from tts_common.routing import REVOCATION_TASKS, TASK_QUEUES

USER_ID = 4242


class RevocationTaskContract:
    """auth's revocations reach the service: its worker consumes its own revocation queue and the task fills the deny list."""

    app: ClassVar[Any]
    task: ClassVar[Any]

    @pytest.fixture(autouse=True)
    def _empty_deny_list(self):
        caches[CACHE_ALIAS].delete(f"user.{USER_ID}")
        yield
        caches[CACHE_ALIAS].delete(f"user.{USER_ID}")

    def test_this_services_worker_consumes_its_own_revocation_task(self):
        name = REVOCATION_TASKS[settings.SERVICE_NAME]

        assert self.task.name == name
        assert name in self.app.tasks and "config.revocation" in self.app.conf.include
        assert TASK_QUEUES[name] in {queue.name for queue in self.app.conf.task_queues}

    def test_the_task_puts_the_revocation_in_the_deny_list_and_is_idempotent(self):
        message = json.loads(json.dumps({"user_id": USER_ID, "not_before": 1_800_000_000.5}))

        self.task(message)
        self.task(message)

        assert revoked_before(USER_ID) == 1_800_000_000.5

    def test_a_malformed_revocation_fails_for_the_dead_letter_queue(self):
        with pytest.raises(ValueError, match="user_id"):
            self.task({"user_id": "everyone", "not_before": 1.0})
        assert revoked_before(USER_ID) is None
