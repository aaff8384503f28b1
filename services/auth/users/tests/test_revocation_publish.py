"""Every way auth revokes a user's sessions publishes the revocation to every service's deny list, in the same transaction."""

import pytest

from tts_common.messages import MESSAGES
from tts_common.outbox.models import OutboxMessage
from tts_common.revocation import Revocation
from tts_common.routing import REVOCATION_TASKS
from users.services import user_deactivate, user_password_set, user_sign_out_everywhere, user_update

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _outbox_stays_in_the_database(monkeypatch):
    monkeypatch.setattr("tts_common.outbox.services._relay_own_after_commit", lambda ids: None)


def _revocations() -> dict[str, Revocation]:
    rows = OutboxMessage.objects.filter(task_name__in=REVOCATION_TASKS.values())
    return {row.task_name: MESSAGES[row.task_name].parse(row.args) for row in rows}


@pytest.mark.parametrize(
    "revoke",
    [
        lambda user: user_deactivate(user=user),
        lambda user: user_password_set(user=user, password="Brand-new-secret-77"),
        lambda user: user_sign_out_everywhere(user=user),
    ],
    ids=["deactivation", "new password", "sign out everywhere"],
)
def test_a_revocation_goes_to_each_consuming_service_with_the_users_not_before(agent_user, revoke):
    revoke(agent_user)

    agent_user.refresh_from_db()
    expected = Revocation(user_id=agent_user.id, not_before=agent_user.tokens_valid_after.timestamp())
    assert _revocations() == dict.fromkeys(REVOCATION_TASKS.values(), expected)


def test_a_change_that_revokes_nothing_publishes_nothing(agent_user):
    user_update(user=agent_user, first_name="Renamed")

    assert _revocations() == {}
