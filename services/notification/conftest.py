import pytest

from tests.factories import API_KEY, PEOPLE, api_key_client, client_for


@pytest.fixture
def callers():
    """A client per kind of caller; "owner" is the person whose notifications the tests make."""
    return {
        "anonymous": client_for(None),
        "owner": client_for(PEOPLE["owner"], "Agent"),
        "other_user": client_for(PEOPLE["other_user"], "Agent"),
        "admin": client_for(PEOPLE["admin"], "Admin"),
        "right_api_key": api_key_client(API_KEY),
        "wrong_api_key": api_key_client("not-the-key"),
    }


@pytest.fixture(autouse=True)
def _api_keys_and_fast_retries(settings):
    settings.NOTIFICATION_API_KEYS = ["another-key", API_KEY]
    settings.EMAIL_RETRY_BASE_SECONDS = 0
    settings.EMAIL_IN_FLIGHT_RECHECK_SECONDS = 0


@pytest.fixture
def dead_letters(monkeypatch):
    """What would have gone to the dead-letter queue, instead of the broker."""
    found = []

    def record(app, **details):
        found.append(details)
        return True  # settled, as dead_letter() says when the queue or the DeadLetter table took it

    monkeypatch.setattr("tts_common.celery.dead_letter", record)
    monkeypatch.setattr("notifications.tasks.dead_letter", record)
    return found


@pytest.fixture
def pushes(monkeypatch):
    """Live pushes the service asked for (tts_common.live.push_to_user), in order."""
    sent = []

    def record(user_id, event):
        sent.append((user_id, event))
        return True

    monkeypatch.setattr("tts_common.live.push_to_user", record)
    return sent
