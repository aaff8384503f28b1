"""Signing as Stripe does, checked with the receiver snippet docs/api.md publishes."""

import time

from hypothesis import given
from hypothesis import strategies as st

from webhooks.signing import secret_generate, signature_header, signature_valid
from webhooks.tests.receiver_snippet import documented_verify, snippet_text

verify = documented_verify()
secrets_ = st.text(min_size=1, max_size=80)
bodies = st.binary(max_size=2000)
offsets = st.integers(min_value=-200, max_value=200)  # seconds from now: inside the snippet's 300 s tolerance


def test_the_documented_snippet_is_ten_lines_at_most():
    assert len(snippet_text().strip().splitlines()) <= 10


@given(secret=secrets_, body=bodies, offset=offsets)
def test_any_body_secret_and_timestamp_round_trip(secret, body, offset):
    timestamp = int(time.time()) + offset
    header = signature_header(secret=secret, timestamp=timestamp, body=body)

    assert header.startswith(f"t={timestamp},v1=")
    assert verify(secret, header, body)
    assert signature_valid(secret=secret, header=header, body=body, now=time.time())


@given(secret=secrets_, body=bodies.filter(bool), offset=offsets, data=st.data())
def test_a_changed_byte_fails(secret, body, offset, data):
    timestamp = int(time.time()) + offset
    header = signature_header(secret=secret, timestamp=timestamp, body=body)
    where = data.draw(st.integers(min_value=0, max_value=len(body) - 1))
    flip = data.draw(st.integers(min_value=1, max_value=255))
    changed = body[:where] + bytes([body[where] ^ flip]) + body[where + 1 :]

    assert not verify(secret, header, changed)
    assert not signature_valid(secret=secret, header=header, body=changed, now=time.time())


@given(secret=secrets_, other=secrets_, body=bodies)
def test_another_secret_fails(secret, other, body):
    header = signature_header(secret=secret, timestamp=int(time.time()), body=body)

    assert verify(other, header, body) == (other == secret)


def test_a_changed_timestamp_or_an_old_one_fails():
    now = int(time.time())
    body = b'{"id":"1"}'
    header = signature_header(secret="s" * 20, timestamp=now, body=body)
    moved = header.replace(f"t={now}", f"t={now + 1}")
    old = signature_header(secret="s" * 20, timestamp=now - 310, body=body)

    assert not verify("s" * 20, moved, body)
    assert not verify("s" * 20, old, body)
    assert not verify("s" * 20, "garbage", body)
    assert not verify("s" * 20, "t=x,v1=00", body)


def test_generated_secrets_are_long_and_distinct():
    made = {secret_generate() for _ in range(50)}

    assert len(made) == 50
    assert all(secret.startswith("whsec_") and len(secret) >= 40 for secret in made)
