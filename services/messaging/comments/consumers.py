"""The ticket sockets: ``ws/comments/<ticket_id>/`` and ``ws/tickets/<ticket_id>/``.

Both join the ticket's group and receive every change to its comments as
``{"type": "comment_update", "action", "comment"}``, whichever process (REST
or socket) made it. Both accept the comment messages; ``ws/tickets/`` also
relays typing. A write goes through ``comments.services`` like a REST call:
saved, then pushed to the group after commit (the writer's own socket gets
it from the group too).
"""

import logging
import time

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from comments import presence
from comments.live import TYPING_EVENT, ticket_group, typing_group
from comments.services import (
    Author,
    CommentError,
    comment_create,
    comment_delete,
    comment_rate,
    comment_update,
)
from realtime.consumers import ClientError, MemberConsumer
from tts_common.live import TASK_CHANGED_FIELDS

logger = logging.getLogger(__name__)


def _required(content: dict, *names: str) -> list:
    missing = [name for name in names if content.get(name) in (None, "")]
    if missing:
        raise ClientError(f"{content['type']} needs {', '.join(missing)}")
    return [content[name] for name in names]


@database_sync_to_async
def _write(service, **arguments):
    try:
        return service(**arguments)
    except CommentError as error:
        raise ClientError(error.detail) from None


class CommentConsumer(MemberConsumer):
    client_handlers = {
        **MemberConsumer.client_handlers,
        "comment_create": "on_comment_create",
        "comment_reply": "on_comment_reply",
        "comment_update": "on_comment_update",
        "comment_delete": "on_comment_delete",
        "comment_rate": "on_comment_rate",
    }

    @property
    def ticket_id(self) -> str:
        return self.scope["url_route"]["kwargs"]["ticket_id"]

    def groups_to_join(self) -> list[str]:
        return [ticket_group(self.ticket_id)]

    def connection_details(self) -> dict:
        return {"ticket_id": self.ticket_id}

    def author(self) -> Author:
        return Author.from_user(self.user)

    # --- client messages: {"type": ..., fields} --------------------------------------------------

    async def on_comment_create(self, content: dict):
        """``{"content", "parent"}`` (``parent`` optional: a reply)."""
        [text] = _required(content, "content")
        await _write(comment_create, ticket_id=self.ticket_id, author=self.author(), content=text, parent_id=content.get("parent"))

    async def on_comment_reply(self, content: dict):
        """``{"parent", "content"}`` (``comment_id`` is taken for ``parent`` too)."""
        if content.get("parent") in (None, "") and content.get("comment_id") not in (None, ""):
            content = {**content, "parent": content["comment_id"]}
        parent, text = _required(content, "parent", "content")
        await _write(comment_create, ticket_id=self.ticket_id, author=self.author(), content=text, parent_id=parent)

    async def on_comment_update(self, content: dict):
        """``{"comment_id", "content"}``, the author only."""
        comment_id, text = _required(content, "comment_id", "content")
        await _write(comment_update, comment_id=comment_id, author=self.author(), content=text, ticket_id=self.ticket_id)

    async def on_comment_delete(self, content: dict):
        """``{"comment_id"}``, the author or an administrator."""
        [comment_id] = _required(content, "comment_id")
        await _write(comment_delete, comment_id=comment_id, author=self.author(), ticket_id=self.ticket_id)

    async def on_comment_rate(self, content: dict):
        """``{"comment_id", "rating": true/false}``."""
        [comment_id] = _required(content, "comment_id")
        if "rating" not in content:
            raise ClientError("comment_rate needs rating")
        await _write(comment_rate, comment_id=comment_id, author=self.author(), rating=content["rating"], ticket_id=self.ticket_id)

    # --- group events ----------------------------------------------------------------------------

    async def comment_update(self, event: dict):
        # The Redis layer hands one decoded event to every socket of this process: encode the frame once.
        frame = event.get("_frame")
        if frame is None:
            frame = event["_frame"] = await self.encode_json(
                {"type": "comment_update", "action": event["action"], "comment": event["comment"]}
            )
        await self.send(text_data=frame)


class TicketConsumer(CommentConsumer):
    """``ws/tickets/<id>/``: the comment socket plus typing indicators, presence (``comments.presence``) and the
    task's changes (``task_changed``, sent by workflow_api through ``tts_common.live.push_task_changed``)."""

    client_handlers = {**CommentConsumer.client_handlers, "typing_start": "on_typing_start", "typing_stop": "on_typing_stop"}

    def groups_to_join(self) -> list[str]:
        return [*super().groups_to_join(), typing_group(self.ticket_id)]

    async def connect(self):
        self.present = False
        self.last_heard = time.monotonic()  # read by comments.presence: a client silent too long is left out
        await super().connect()
        if not self.live:
            return
        try:
            author = self.author()
            await presence.presence_join(
                ticket_id=self.ticket_id, socket=self, socket_id=self.socket_id, user_id=author.user_id, name=author.name
            )
            self.present = True
        except Exception:  # presence is a courtesy: the socket works without it
            logger.warning("joining the presence of %s failed", self.ticket_id, exc_info=True)

    async def disconnect(self, code):
        if getattr(self, "present", False):
            self.present = False
            try:
                await presence.presence_leave(ticket_id=self.ticket_id, socket_id=self.socket_id)
            except Exception:  # the entry expires with its TTL anyway
                logger.warning("leaving the presence of %s failed", self.ticket_id, exc_info=True)
        await super().disconnect(code)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        self.last_heard = time.monotonic()
        await super().receive(text_data=text_data, bytes_data=bytes_data, **kwargs)

    async def on_typing_start(self, content: dict):
        await self._typing(is_typing=True)

    async def on_typing_stop(self, content: dict):
        await self._typing(is_typing=False)

    async def _typing(self, *, is_typing: bool):
        author = self.author()
        if self.present:
            try:
                await presence.presence_state_set(
                    ticket_id=self.ticket_id, socket_id=self.socket_id, state=presence.TYPING if is_typing else presence.VIEWING
                )
            except Exception:
                logger.warning("typing in the presence of %s failed", self.ticket_id, exc_info=True)
        await get_channel_layer().group_send(
            typing_group(self.ticket_id),
            {
                "type": TYPING_EVENT,
                "user_id": author.user_id,
                "user_name": author.name,
                "is_typing": is_typing,
                "sender": self.socket_id,
            },
        )

    async def typing_indicator(self, event: dict):
        if event.get("sender") == self.socket_id:
            return  # not echoed to the one typing
        await self.send_json(
            {"type": "typing_indicator", "user_id": event["user_id"], "user_name": event["user_name"], "is_typing": event["is_typing"]}
        )

    async def presence_changed(self, event: dict):
        """Someone arrived, left or typed: this process reads the ticket's presence once, shortly, for all its sockets."""
        presence.presence_tracker().fanout_soon(self.ticket_id)

    async def presence_frame(self, event: dict):
        await self.send(text_data=event["frame"])

    async def task_changed(self, event: dict):
        """workflow_api moved the ticket's task: ``{"type": "task_changed", "task_id", "ticket_number", "action",
        "actor": {"user_id", "name"}, "status", "step", "transition"}`` (``tts_common.live.task_changed_event``)."""
        frame = event.get("_frame")
        if frame is None:
            frame = event["_frame"] = await self.encode_json(task_changed_message(event))
        await self.send(text_data=frame)


def task_changed_message(event: dict) -> dict:
    """The socket message of a ``task.changed`` group event: its documented fields only."""
    return {"type": "task_changed", **{name: event.get(name) for name in TASK_CHANGED_FIELDS}}
