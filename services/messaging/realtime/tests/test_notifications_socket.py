"""ws/notifications/: the signed-in person's notification events, forwarded to their sockets only."""

import pytest
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

from config.asgi import application
from tests.factories import ORIGIN, token_for
from tts_common.live import NOTIFICATION_EVENT, user_group

# (transaction=True: the consumer closes stale connections, which pytest-django must allow)
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("in_memory_layer")]

NOTIFICATION = {
    "id": 7,
    "user_id": 10,
    "subject": "New comment on TX20251119000123",
    "message": "Bob Agent: Could you check?",
    "notification_type": "comment_added",
    "related_task_id": 3,
    "related_ticket_number": "TX20251119000123",
    "metadata": {"comment_id": 5},
    "is_read": False,
    "created_at": "2026-01-01T09:00:00Z",
}


async def connect(person: str) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, f"/ws/notifications/?token={token_for(person)}", headers=[ORIGIN])
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def test_a_notification_event_reaches_every_socket_of_that_person_and_nobody_else():
    mine, also_mine, someone_else = await connect("author"), await connect("author"), await connect("other_member")
    try:
        for communicator, user_id in ((mine, 10), (also_mine, 10), (someone_else, 11)):
            assert await communicator.receive_json_from() == {"type": "connection_established", "user_id": user_id}

        await get_channel_layer().group_send(user_group(10), {"type": NOTIFICATION_EVENT, "notification": NOTIFICATION})

        assert await mine.receive_json_from() == {"type": "notification", "notification": NOTIFICATION}
        assert await also_mine.receive_json_from() == {"type": "notification", "notification": NOTIFICATION}
        assert await someone_else.receive_nothing(timeout=0.2)
    finally:
        for communicator in (mine, also_mine, someone_else):
            await communicator.disconnect()


async def test_the_notification_socket_answers_ping_and_refuses_comment_messages():
    communicator = await connect("author")
    try:
        await communicator.receive_json_from()
        await communicator.send_json_to({"type": "ping", "timestamp": "t-1"})
        assert await communicator.receive_json_from() == {"type": "pong", "timestamp": "t-1"}
        await communicator.send_json_to({"type": "comment_create", "content": "hi"})
        assert await communicator.receive_json_from() == {"type": "error", "message": "unknown message type: 'comment_create'"}
    finally:
        await communicator.disconnect()


async def test_a_closed_socket_leaves_the_group():
    communicator = await connect("author")
    await communicator.receive_json_from()
    await communicator.disconnect()

    layer = get_channel_layer()
    assert not layer.groups.get(user_group(10))
