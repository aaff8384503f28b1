"""A revocation in the deny list refuses the user's older tokens (401), and only those."""

import json
import pickle
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from django.core.cache import caches

from tts_common.messages import MESSAGES, REVOKE_TOKENS
from tts_common.outbox.models import OutboxMessage
from tts_common.revocation import CACHE_ALIAS, Revocation, revocation_publish, revocation_record, revoked_before, token_revoked
from tts_common.routing import REVOCATION_TASKS
from tts_common.settings import cache_settings
from tts_common.testing import access_token_for

AGENT = [{"system": "tts", "role": "Agent"}]


@pytest.fixture(autouse=True)
def _empty_deny_list():
    """Only this test's keys: on Redis ``clear()`` would flush the whole database others share."""
    keys = [f"user.{user_id}" for user_id in (7, 8)]
    caches[CACHE_ALIAS].delete_many(keys)
    yield
    caches[CACHE_ALIAS].delete_many(keys)


def _whoami(client, token: str):
    return client.get("/whoami/", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_the_deny_list_is_in_redis_or_in_files_every_process_of_the_service_sees(monkeypatch, tmp_path):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("TTS_DATABASE_SUFFIX", "_copy2")
    in_redis = cache_settings("workflow_api", tmp_path)[CACHE_ALIAS]
    monkeypatch.setenv("REDIS_URL", "")
    in_files = cache_settings("workflow_api", tmp_path)[CACHE_ALIAS]

    assert in_redis["BACKEND"].endswith("RedisCache") and in_redis["KEY_PREFIX"] == "workflow_api_copy2.revocation"
    assert in_files["BACKEND"].endswith("FileBasedCache") and in_files["LOCATION"] == str(tmp_path / "revocation" / "workflow_api")


def test_a_token_issued_before_the_revocation_is_refused_and_a_later_one_accepted(api_client):
    older = access_token_for(user_id=7, roles=AGENT)
    assert _whoami(api_client, older).status_code == 200

    revocation_record(Revocation(user_id=7, not_before=time.time() + 1))
    newer_iat = int(time.time()) + 2

    refused = _whoami(api_client, older)
    assert refused.status_code == 401
    assert not token_revoked({"user_id": 7, "iat": newer_iat})
    assert _whoami(api_client, access_token_for(user_id=8, roles=AGENT)).status_code == 200  # someone else


def test_a_token_issued_in_the_same_second_as_the_revocation_counts_as_older():
    assert token_revoked({"user_id": 7, "iat": 100}) is False
    revocation_record(Revocation(user_id=7, not_before=100.4))

    assert token_revoked({"user_id": 7, "iat": 100}) is True
    assert token_revoked({"user_id": 7, "iat": 101}) is False
    assert token_revoked({"user_id": 7}) is True  # no iat: refused while the user has an entry


def test_the_later_revocation_wins_whatever_the_order_of_arrival():
    assert revocation_record(Revocation(user_id=7, not_before=200.0)) == 200.0
    assert revocation_record(Revocation(user_id=7, not_before=150.0)) == 200.0
    assert revoked_before(7) == 200.0


def _seconds_left(key: str) -> float:
    deny_list = caches[CACHE_ALIAS]
    if hasattr(deny_list, "_cache"):  # Redis
        return deny_list._cache.get_client(key).ttl(deny_list.make_and_validate_key(key))
    with open(deny_list._key_to_file(key), "rb") as entry:  # files: the expiry time is pickled first
        return pickle.load(entry) - time.time()  # noqa: S301 (our own test entry)


def test_an_entry_outlives_the_access_token_lifetime_and_no_more(settings):
    revocation_record(Revocation(user_id=7, not_before=1.0))

    lifetime = settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds() + 60
    assert lifetime - 2 <= _seconds_left("user.7") <= lifetime


def test_revocations_of_one_user_at_once_keep_the_latest(monkeypatch):
    """Each thread records its own times at once; read-then-write kept an earlier one when two interleaved."""
    times = [1_000.0 + thread + 10 * round_ for round_ in range(15) for thread in range(6)]
    start = threading.Barrier(6)

    def record(thread: int) -> None:
        start.wait()
        for not_before in times[thread::6]:
            revocation_record(Revocation(user_id=7, not_before=not_before))
            assert revoked_before(7) >= not_before

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(record, range(6)))

    assert revoked_before(7) == max(times)


def test_an_unreadable_deny_list_lets_tokens_through_with_a_warning(monkeypatch, caplog):
    def broken(key):
        raise ConnectionError("redis away")

    monkeypatch.setattr(caches[CACHE_ALIAS], "get", broken)

    assert revoked_before(7) is None
    assert "deny list cannot be read" in caplog.text


@pytest.mark.parametrize(
    "message",
    [None, [], {"user_id": 7}, {"user_id": "7", "not_before": 1.0}, {"user_id": True, "not_before": 1.0}, {"user_id": 0, "not_before": 1.0},
     {"user_id": 7, "not_before": "soon"}, {"user_id": 7, "not_before": float("nan")}],
)  # fmt: skip
def test_a_malformed_revocation_message_is_a_value_error(message):
    with pytest.raises(ValueError, match=r"revocation must be an object|user_id|not_before"):
        REVOKE_TOKENS["workflow_api"].parse([message])


@pytest.mark.django_db
def test_publishing_enqueues_one_json_message_per_consuming_service(monkeypatch):
    monkeypatch.setattr("tts_common.outbox.services._relay_own_after_commit", lambda ids: None)
    when = datetime(2026, 11, 30, 12, 0, 0, 500000, tzinfo=UTC)

    revocation_publish(user_id=7, not_before=when)

    rows = OutboxMessage.objects.order_by("task_name")
    assert sorted(row.task_name for row in rows) == sorted(REVOCATION_TASKS.values())
    for row in rows:
        assert json.loads(json.dumps(row.args)) == [{"user_id": 7, "not_before": when.timestamp()}]
        assert MESSAGES[row.task_name].parse(row.args) == Revocation(user_id=7, not_before=when.timestamp())
