"""A socket's authority ends with its token, on a real daphne process with real Redis.

A silent socket closes 4401 at its token's ``exp`` (a server timer); a
membership older than the layer's ``group_expiry`` is renewed, so a socket
still receives after three times that and the idle process logs no warning;
auth's revocation closes the user's sockets 4401 and refuses the old token.
"""

import asyncio
import time
import urllib.error
import urllib.request

import jwt
import pytest
import websockets
from channels.layers import channel_layers
from django.core.cache import caches

from config.revocation import revoke_tokens
from tests.factories import PEOPLE, TICKET, token_for
from tests.servers import daphne_servers
from tests.test_daphne_redis import ORIGIN, next_message, ws_url
from tts_common.live import NOTIFICATION_EVENT, push_to_user, redis_layer_host
from tts_common.revocation import CACHE_ALIAS
from tts_common.settings import cache_settings
from tts_common.testing import database_url_of_the_test_database

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

GROUP_EXPIRY = 2  # seconds, instead of a day
AUTHOR_ID = PEOPLE["author"][0]


@pytest.fixture
def server(postgres_database, redis_url, tmp_path, settings):
    env = {
        "DATABASE_URL": database_url_of_the_test_database(),
        "REDIS_URL": redis_url,
        "TTS_VAR_DIR": str(settings.VAR_DIR),
        "LOG_LEVEL": "WARNING",
        "MESSAGING_GROUP_EXPIRY_SECONDS": str(GROUP_EXPIRY),
    }
    with daphne_servers(count=1, env=env, log_dir=tmp_path) as urls:
        yield urls[0], tmp_path / "daphne-0.log"


@pytest.fixture
def redis_layer(settings, redis_url):
    """This test's layer on the server's Redis, with the server's ``group_expiry`` (a sender drops older members too)."""
    config = {"hosts": [redis_layer_host(redis_url)], "group_expiry": GROUP_EXPIRY}
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": config}}
    channel_layers.backends = {}
    yield
    channel_layers.backends = {}


@pytest.fixture
def server_deny_list(settings, redis_url, monkeypatch):
    """The server's deny list (Redis, prefix ``messaging.revocation``) as this process's ``revocation`` cache."""
    monkeypatch.setenv("REDIS_URL", redis_url)
    settings.CACHES = cache_settings("messaging")
    yield caches[CACHE_ALIAS]
    caches[CACHE_ALIAS].delete(f"user.{AUTHOR_ID}")


async def closed_code(socket, timeout: float = 10) -> int:
    """The close code the server sent, reading (and dropping) whatever comes before it; TimeoutError if it never closes."""
    async with asyncio.timeout(timeout):
        try:
            while True:
                await socket.recv()
        except websockets.ConnectionClosed as closed:
            return closed.rcvd.code


def get_status(url: str, token: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310 (loopback)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


async def test_a_silent_socket_closes_4401_when_its_token_expires(server):
    base, _ = server
    token = token_for("author", lifetime_seconds=3)
    # The token's own exp: recomputing it from the clock here could land a second later.
    expires = jwt.decode(token, options={"verify_signature": False})["exp"]
    async with websockets.connect(ws_url(base, f"/ws/comments/{TICKET}/", token), origin=ORIGIN) as socket:
        await next_message(socket, "connection_established")

        code = await closed_code(socket)
        closed_at = time.time()

    assert code == 4401
    assert expires - 0.2 <= closed_at <= expires + 1.0


async def test_a_membership_older_than_group_expiry_is_renewed_and_idle_logs_nothing(server, redis_layer):
    base, log = server
    async with websockets.connect(ws_url(base, "/ws/notifications/", token_for("author")), origin=ORIGIN) as socket:
        await next_message(socket, "connection_established")

        await asyncio.sleep(3.5 * GROUP_EXPIRY)  # also longer than the layer's blocking receive (5 s)
        notification = {"id": 1, "user_id": AUTHOR_ID, "subject": "Still here"}
        assert await asyncio.to_thread(push_to_user, AUTHOR_ID, {"type": NOTIFICATION_EVENT, "notification": notification})

        assert (await next_message(socket, "notification"))["notification"] == notification
    assert "WARNING" not in log.read_text(), log.read_text()[-2000:]


async def test_a_revocation_closes_the_users_sockets_4401_and_refuses_the_old_token(server, redis_layer, server_deny_list):
    base, _ = server
    old_token = token_for("author")
    async with (
        websockets.connect(ws_url(base, f"/ws/comments/{TICKET}/", old_token), origin=ORIGIN) as comments,
        websockets.connect(ws_url(base, "/ws/notifications/", old_token), origin=ORIGIN) as notifications,
        websockets.connect(ws_url(base, "/ws/notifications/", token_for("other_member")), origin=ORIGIN) as someone_else,
    ):
        for socket in (comments, notifications, someone_else):
            await next_message(socket, "connection_established")

        await asyncio.to_thread(revoke_tokens, {"user_id": AUTHOR_ID, "not_before": time.time()})

        assert await closed_code(comments, timeout=3) == 4401
        assert await closed_code(notifications, timeout=3) == 4401
        await someone_else.send('{"type": "ping", "timestamp": 1}')
        assert (await next_message(someone_else, "pong"))["timestamp"] == 1

    comments_url = f"{base}/api/v1/comments/?ticket_id={TICKET}"
    assert await asyncio.to_thread(get_status, comments_url, old_token) == 401
    async with websockets.connect(ws_url(base, f"/ws/comments/{TICKET}/", old_token), origin=ORIGIN) as again:
        assert await closed_code(again) == 4401

    await asyncio.sleep(1.1)  # iat has whole seconds: a token of the next second is newer than the revocation
    assert await asyncio.to_thread(get_status, comments_url, token_for("author")) == 200
