"""The token middleware's verdicts and the token bucket's arithmetic."""

from realtime.middleware import token_from_query, user_from_token
from realtime.ratelimit import TokenBucket
from tests.factories import token_for
from tts_common.testing import access_token_for


def test_the_token_comes_from_the_query_string():
    assert token_from_query(b"token=abc&x=1") == "abc"
    assert token_from_query(b"x=1") is None
    assert token_from_query(b"") is None


def test_a_valid_token_gives_the_caller_with_the_claims():
    user, error = user_from_token(token_for("coordinator"))

    assert error is None
    assert (user.id, user.full_name, user.is_authenticated, user.has_role("tts")) == (20, "Cora Coordinator", True, True)


def test_a_missing_or_bad_token_gives_an_anonymous_caller_and_the_reason():
    assert user_from_token(None)[1] == "missing token"
    for raw in ("garbage", token_for("author")[:-3] + "abc", token_for("author", lifetime_seconds=-1)):
        user, error = user_from_token(raw)
        assert (user.is_authenticated, error) == (False, "invalid or expired token")


def test_a_token_with_malformed_claims_gives_an_anonymous_caller():
    for claims in ({"user_id": True}, {"user_id": 20, "roles": [{"system": "tts"}]}, {"user_id": 20, "email": None}):
        user, error = user_from_token(access_token_for(**{"roles": [], **claims}))
        assert (user.is_authenticated, error) == (False, "invalid or expired token")


def test_the_bucket_allows_a_burst_then_refills_at_the_rate():
    now = [0.0]
    bucket = TokenBucket(rate=10, burst=10, clock=lambda: now[0])

    assert [bucket.take() for _ in range(11)] == [True] * 10 + [False]
    now[0] += 0.1
    assert [bucket.take(), bucket.take()] == [True, False]
    now[0] += 60
    assert sum(bucket.take() for _ in range(20)) == 10  # never more than the burst
