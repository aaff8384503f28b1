"""Two real messaging processes (daphne) sharing real Redis and PostgreSQL.

A comment posted over REST to one process reaches the sockets of that ticket
on both; a notification pushed the way the notification service pushes it
reaches the person's socket; a socket without a valid token is closed 4401.
"""

import asyncio
import json
import urllib.request

import pytest
import websockets
from channels.layers import channel_layers
from django.conf import settings

from tests.factories import TICKET, token_for
from tests.servers import daphne_servers
from tts_common.live import NOTIFICATION_EVENT, push_to_user, redis_layer_host
from tts_common.testing import database_url_of_the_test_database

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
]

ORIGIN = "http://localhost:5173"


@pytest.fixture
def servers(postgres_database, redis_url, tmp_path):
    env = {
        "DATABASE_URL": database_url_of_the_test_database(),
        "REDIS_URL": redis_url,
        "TTS_VAR_DIR": str(settings.VAR_DIR),
        "LOG_LEVEL": "WARNING",
    }
    with daphne_servers(count=2, env=env, log_dir=tmp_path) as urls:
        yield urls


@pytest.fixture
def redis_layer(settings, redis_url):
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [redis_layer_host(redis_url)]}}
    }
    channel_layers.backends = {}
    yield
    channel_layers.backends = {}


def ws_url(base: str, path: str, token: str | None) -> str:
    return base.replace("http://", "ws://") + path + (f"?token={token}" if token else "")


async def next_message(connection, message_type: str, timeout: float = 10) -> dict:
    async with asyncio.timeout(timeout):
        while True:
            message = json.loads(await connection.recv())
            if message["type"] == message_type:
                return message


def post_json(url: str, body: dict, token: str) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")  # noqa: S310 (loopback)
    request.add_header("Content-Type", "application/json")
    request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.loads(response.read())


async def test_a_comment_posted_to_one_process_reaches_the_sockets_on_both(servers):
    first, second = servers
    async with (
        websockets.connect(ws_url(first, f"/ws/comments/{TICKET}/", token_for("author")), origin=ORIGIN) as on_first,
        websockets.connect(ws_url(second, f"/ws/tickets/{TICKET}/", token_for("other_member")), origin=ORIGIN) as on_second,
    ):
        for socket in (on_first, on_second):
            assert (await next_message(socket, "connection_established"))["ticket_id"] == TICKET

        created = await asyncio.to_thread(
            post_json, f"{first}/api/v1/comments/", {"ticket_id": TICKET, "content": "Across processes"}, token_for("author")
        )

        for socket in (on_first, on_second):
            update = await next_message(socket, "comment_update")
            assert (update["action"], update["comment"]) == ("create", created)

        await on_second.send(json.dumps({"type": "comment_reply", "parent": created["id"], "content": "Seen it"}))
        for socket in (on_first, on_second):
            update = await next_message(socket, "comment_update")
            assert (update["action"], update["comment"]["parent"], update["comment"]["content"]) == ("reply", created["id"], "Seen it")


@pytest.mark.parametrize("token", [None, "forged"])
async def test_a_socket_without_a_valid_token_is_closed_with_4401(servers, token):
    raw = token_for("author")[:-4] + "AAAA" if token == "forged" else None
    async with websockets.connect(ws_url(servers[0], f"/ws/comments/{TICKET}/", raw), origin=ORIGIN) as socket:
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(socket.recv(), timeout=10)
    assert closed.value.rcvd.code == 4401


async def test_a_notification_pushed_over_redis_reaches_the_persons_socket(servers, redis_layer):
    async with websockets.connect(ws_url(servers[1], "/ws/notifications/", token_for("author")), origin=ORIGIN) as socket:
        assert (await next_message(socket, "connection_established"))["user_id"] == 10
        notification = {"id": 1, "user_id": 10, "subject": "New comment", "notification_type": "comment_added"}

        assert await asyncio.to_thread(push_to_user, 10, {"type": NOTIFICATION_EVENT, "notification": notification})

        assert await next_message(socket, "notification") == {"type": "notification", "notification": notification}
