"""The ticket sockets, through the whole ASGI application (Origin check, token middleware, routing)."""

import json
from contextlib import asynccontextmanager

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.test import override_settings

from comments.models import Comment, CommentRating
from comments.services import Author, comment_create
from config.asgi import application, websocket_application
from tests.factories import ORIGIN, OTHER_TICKET, PEOPLE, TICKET, CommentFactory, token_for
from tts_common.outbox.models import OutboxMessage
from tts_common.routing import NOTIFY_TICKET_PARTICIPANTS
from tts_common.testing import access_token_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("in_memory_layer")]


class Communicator(WebsocketCommunicator):
    """Reads past ``presence`` frames, which ws/tickets/ sends as sockets come and go (test_presence.py asserts them)."""

    async def receive_json_from(self, timeout=1):
        while True:
            message = await super().receive_json_from(timeout)
            if message.get("type") != "presence":
                return message

    async def receive_nothing(self, timeout=0.1, interval=0.01):
        while not await super().receive_nothing(timeout, interval):
            if (await super().receive_json_from())["type"] != "presence":
                return False
        return True


@asynccontextmanager
async def socket(path: str, token: str | None = None, *, origin=ORIGIN, established: bool = True):
    """A connected socket (its connection_established already read); always disconnected afterwards."""
    query = f"?token={token}" if token else ""
    communicator = Communicator(application, f"{path}{query}", headers=[origin] if origin else [])
    try:
        connected, _ = await communicator.connect()
        if connected and established:
            greeting = await communicator.receive_json_from()
            assert greeting["type"] == "connection_established", greeting
        yield communicator
    finally:
        await communicator.disconnect()


async def member(person: str = "author", route: str = "comments", ticket: str = TICKET):
    return socket(f"/ws/{route}/{ticket}/", token_for(person))


async def close_code(communicator) -> int | None:
    output = await communicator.receive_output(timeout=2)
    assert output["type"] == "websocket.close", output
    return output.get("code")


@database_sync_to_async
def create_comment(**fields):
    return CommentFactory(**fields)


# --- connecting ---------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["comments", "tickets"])
async def test_a_member_connects_and_is_told_the_ticket(route):
    communicator = WebsocketCommunicator(application, f"/ws/{route}/{TICKET}/?token={token_for('author')}", headers=[ORIGIN])
    try:
        connected, _ = await communicator.connect()
        assert connected
        assert await communicator.receive_json_from() == {"type": "connection_established", "ticket_id": TICKET}
    finally:
        await communicator.disconnect()


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(None, id="missing"),
        pytest.param(lambda: token_for("author", lifetime_seconds=-5), id="expired"),
        pytest.param(lambda: token_for("author")[:-4] + "AAAA", id="forged"),
        pytest.param(lambda: token_for("author", token_type="refresh"), id="refresh token"),
        pytest.param(lambda: "not-a-jwt", id="garbage"),
        pytest.param(lambda: access_token_for(user_id="20", roles=[{"system": "tts", "role": "Agent"}]), id="user_id a string"),
        pytest.param(lambda: access_token_for(user_id=20, roles="Admin"), id="roles a string"),
    ],
)
@pytest.mark.parametrize("route", ["comments", "tickets", "notifications"])
async def test_without_a_valid_token_the_socket_is_closed_with_4401(token, route):
    path = "/ws/notifications/" if route == "notifications" else f"/ws/{route}/{TICKET}/"
    async with socket(path, token() if token else None, established=False) as communicator:
        assert await close_code(communicator) == 4401


@pytest.mark.parametrize("route", ["comments", "tickets", "notifications"])
async def test_without_a_tts_role_the_socket_is_closed_with_4403(route):
    path = "/ws/notifications/" if route == "notifications" else f"/ws/{route}/{TICKET}/"
    async with socket(path, token_for("no_tts_role"), established=False) as communicator:
        assert await close_code(communicator) == 4403


async def test_a_foreign_origin_is_refused_before_the_handshake():
    # (under `make run` any origin is accepted: TTS_PUBLIC_HOSTS defaults to "*"; here, as in production, it is a list)
    with override_settings(ALLOWED_HOSTS=["localhost", "tts.example.org"]):
        strict = websocket_application()
    communicator = WebsocketCommunicator(
        strict, f"/ws/comments/{TICKET}/?token={token_for('author')}", headers=[(b"origin", b"http://evil.example.com")]
    )
    try:
        connected, _ = await communicator.connect()
        assert connected is False
    finally:
        await communicator.disconnect()


# --- ping and bad messages ----------------------------------------------------------------------


async def test_ping_is_answered_with_the_same_timestamp():
    async with await member() as communicator:
        await communicator.send_json_to({"type": "ping", "timestamp": 1732108800123})
        assert await communicator.receive_json_from() == {"type": "pong", "timestamp": 1732108800123}


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        pytest.param({"text_data": json.dumps({"type": "dance"})}, "unknown message type: 'dance'", id="unknown type"),
        pytest.param({"text_data": json.dumps({"content": "no type"})}, "unknown message type: None", id="no type"),
        pytest.param({"text_data": json.dumps([1, 2])}, "messages are JSON objects", id="not an object"),
        pytest.param({"text_data": "this is not json"}, "messages are JSON objects", id="not JSON"),
        pytest.param({"bytes_data": b"\x00\x01"}, "messages are JSON text frames", id="binary"),
        pytest.param({"text_data": json.dumps({"type": "comment_create"})}, "comment_create needs content", id="missing content"),
        pytest.param(
            {"text_data": json.dumps({"type": "comment_create", "content": "   "})}, "content must be a non-empty string", id="blank"
        ),
        pytest.param({"text_data": json.dumps({"type": "comment_update", "content": "x"})}, "comment_update needs comment_id", id="no id"),
        pytest.param({"text_data": json.dumps({"type": "comment_delete", "comment_id": "abc"})}, "comment_id must be", id="bad id"),
        pytest.param({"text_data": json.dumps({"type": "comment_delete", "comment_id": 999999})}, "no such comment", id="unknown id"),
        pytest.param({"text_data": json.dumps({"type": "comment_rate", "comment_id": 1})}, "comment_rate needs rating", id="no rating"),
        pytest.param({"text_data": json.dumps({"type": "comment_reply", "content": "x"})}, "comment_reply needs parent", id="no parent"),
        pytest.param({"text_data": json.dumps({"type": "typing_start"})}, "unknown message type: 'typing_start'", id="typing on comments"),
        pytest.param({"text_data": "[" * 10_000 + "]" * 10_000}, "nested deeper than 64 levels", id="deep JSON"),
        pytest.param(
            {"text_data": json.dumps({"type": "comment_create", "content": "a\x00b"})}, "content: Null characters", id="NUL in content"
        ),
        pytest.param({"text_data": json.dumps({"type": "comment_delete", "comment_id": 2**70})}, "no such comment", id="id past bigint"),
    ],
)
async def test_a_bad_message_gets_an_error_and_the_socket_stays_open(frame, message):
    async with await member() as communicator:
        await communicator.send_to(**frame)
        error = await communicator.receive_json_from()
        assert error["type"] == "error" and message in error["message"], error

        await communicator.send_json_to({"type": "ping", "timestamp": 1})
        assert await communicator.receive_json_from() == {"type": "pong", "timestamp": 1}


async def test_a_socket_sending_too_fast_is_told_and_stays_open(settings, monkeypatch):
    settings.MESSAGING_WS_RATE_PER_SECOND = 1
    settings.MESSAGING_WS_RATE_BURST = 3
    clock = [1000.0]
    monkeypatch.setattr("realtime.ratelimit.time.monotonic", lambda: clock[0])
    async with await member() as communicator:
        for number in range(5):
            await communicator.send_json_to({"type": "ping", "timestamp": number})
        answers = [await communicator.receive_json_from() for _ in range(5)]
        assert answers == [{"type": "pong", "timestamp": n} for n in range(3)] + [{"type": "error", "message": "rate limited"}] * 2

        clock[0] += 1.0  # a second later one more token is there
        await communicator.send_json_to({"type": "ping", "timestamp": 9})
        assert await communicator.receive_json_from() == {"type": "pong", "timestamp": 9}


async def test_once_the_token_has_expired_a_message_closes_the_socket_with_4401(monkeypatch):
    async with await member() as communicator:
        monkeypatch.setattr("realtime.consumers.time.time", lambda: 4_102_444_800)  # 2100
        await communicator.send_json_to({"type": "ping", "timestamp": 1})
        assert (await communicator.receive_json_from())["type"] == "error"
        assert await close_code(communicator) == 4401


# --- comment messages ---------------------------------------------------------------------------


async def test_a_comment_sent_on_one_socket_reaches_every_socket_of_the_ticket_on_both_routes():
    async with (
        await member("author") as mine,
        await member("other_member", "tickets") as theirs,
        await member(ticket=OTHER_TICKET) as elsewhere,
    ):
        await mine.send_json_to({"type": "comment_create", "content": "Printer on fire"})

        for communicator in (mine, theirs):
            update = await communicator.receive_json_from()
            assert (update["type"], update["action"]) == ("comment_update", "create")
            assert (update["comment"]["content"], update["comment"]["user_id"], update["comment"]["ticket_id"]) == (
                "Printer on fire",
                10,
                TICKET,
            )
        assert await elsewhere.receive_nothing(timeout=0.2)

    saved = await database_sync_to_async(Comment.objects.get)()
    assert (saved.ticket_id, saved.user_id, saved.author_name) == (TICKET, 10, "Alice Agent")
    assert await database_sync_to_async(OutboxMessage.objects.filter(task_name=NOTIFY_TICKET_PARTICIPANTS).count)() == 1


async def test_a_change_made_over_rest_reaches_the_sockets():
    async with await member("other_member") as communicator:
        await database_sync_to_async(comment_create)(ticket_id=TICKET, author=Author(user_id=10, name="Alice Agent"), content="via REST")

        update = await communicator.receive_json_from()
        assert (update["action"], update["comment"]["content"]) == ("create", "via REST")


async def test_reply_update_rate_and_delete_over_the_socket():
    top = await create_comment(content="Top")
    async with await member("author") as communicator:
        await communicator.send_json_to({"type": "comment_reply", "parent": top.pk, "content": "A reply"})
        reply = await communicator.receive_json_from()
        assert (reply["action"], reply["comment"]["parent"], reply["comment"]["content"]) == ("reply", top.pk, "A reply")

        await communicator.send_json_to({"type": "comment_create", "parent": top.pk, "content": "Also a reply"})
        assert (await communicator.receive_json_from())["action"] == "reply"

        await communicator.send_json_to({"type": "comment_update", "comment_id": top.pk, "content": "Top, edited"})
        edited = await communicator.receive_json_from()
        assert (edited["action"], edited["comment"]["content"], edited["comment"]["is_edited"]) == ("update", "Top, edited", True)

        theirs = await create_comment(content="Bob's", user_id=PEOPLE["other_member"][0])  # nobody rates their own
        await communicator.send_json_to({"type": "comment_rate", "comment_id": theirs.pk, "rating": False})
        rated = await communicator.receive_json_from()
        assert (rated["action"], rated["comment"]["thumbs_up"], rated["comment"]["thumbs_down"]) == ("rate", 0, 1)

        await communicator.send_json_to({"type": "comment_delete", "comment_id": top.pk})
        deleted = await communicator.receive_json_from()
        assert (deleted["action"], deleted["comment"]["is_deleted"], deleted["comment"]["content"]) == ("delete", True, "")

    assert await database_sync_to_async(CommentRating.objects.filter(comment_id=theirs.pk, is_positive=False).count)() == 1


async def test_someone_elses_comment_cannot_be_edited_or_deleted_and_the_socket_stays_open():
    theirs = await create_comment(content="Bob's", user_id=PEOPLE["other_member"][0])
    async with await member("author") as communicator:
        await communicator.send_json_to({"type": "comment_update", "comment_id": theirs.pk, "content": "mine now"})
        assert await communicator.receive_json_from() == {"type": "error", "message": "only the author may edit this comment"}
        await communicator.send_json_to({"type": "comment_delete", "comment_id": theirs.pk})
        assert await communicator.receive_json_from() == {
            "type": "error",
            "message": "only the author or an administrator may delete this comment",
        }
        await communicator.send_json_to({"type": "ping", "timestamp": 2})
        assert await communicator.receive_json_from() == {"type": "pong", "timestamp": 2}


async def test_an_administrator_deletes_anyones_comment_over_the_socket():
    theirs = await create_comment(content="Bob's", user_id=PEOPLE["other_member"][0])
    async with await member("admin") as communicator:
        await communicator.send_json_to({"type": "comment_delete", "comment_id": theirs.pk})
        assert (await communicator.receive_json_from())["action"] == "delete"


async def test_a_comment_of_another_ticket_is_not_reachable_from_this_tickets_socket():
    elsewhere = await create_comment(ticket_id=OTHER_TICKET)
    async with await member("author") as communicator:
        await communicator.send_json_to({"type": "comment_update", "comment_id": elsewhere.pk, "content": "x"})
        assert await communicator.receive_json_from() == {"type": "error", "message": "no such comment"}
        await communicator.send_json_to({"type": "comment_rate", "comment_id": elsewhere.pk, "rating": "yes"})
        refused = await communicator.receive_json_from()
        assert refused["message"] == "rating must be true (thumbs up), false (thumbs down) or null (take it back)"


async def test_a_process_joins_a_tickets_group_once_however_many_sockets_watch_it():
    layer = get_channel_layer()
    async with await member("author") as first, await member("other_member", "tickets") as second:
        assert len(layer.groups[f"comments.ticket.{TICKET}"]) == 1
        await first.send_json_to({"type": "comment_create", "content": "one push, two sockets"})
        for communicator in (first, second):
            assert (await communicator.receive_json_from())["comment"]["content"] == "one push, two sockets"

    assert not layer.groups.get(f"comments.ticket.{TICKET}")


# --- typing -------------------------------------------------------------------------------------


async def test_typing_is_relayed_to_the_others_on_the_tickets_route_only():
    async with (
        await member("author", "tickets") as typist,
        await member("other_member", "tickets") as reader,
        await member("admin", "comments") as comments_only,
        await member("coordinator", "tickets", OTHER_TICKET) as elsewhere,
    ):
        await typist.send_json_to({"type": "typing_start"})
        assert await reader.receive_json_from() == {
            "type": "typing_indicator",
            "user_id": 10,
            "user_name": "Alice Agent",
            "is_typing": True,
        }
        await typist.send_json_to({"type": "typing_stop"})
        assert await reader.receive_json_from() == {
            "type": "typing_indicator",
            "user_id": 10,
            "user_name": "Alice Agent",
            "is_typing": False,
        }

        assert await typist.receive_nothing(timeout=0.2)
        assert await comments_only.receive_nothing(timeout=0.1)
        assert await elsewhere.receive_nothing(timeout=0.1)
