"""The ticket sockets: ``ws/comments/<ticket_id>/`` and ``ws/tickets/<ticket_id>/``.

Both join the ticket's group and receive every change to its comments as
``{"type": "comment_update", "action", "comment"}``, whichever process (REST
or socket) made it. Both accept the comment messages; ``ws/tickets/`` also
relays typing. A write goes through ``comments.services`` like a REST call:
saved, then pushed to the group after commit (the writer's own socket gets
it from the group too).
"""

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

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
    """``ws/tickets/<id>/``: the comment socket plus typing indicators."""

    client_handlers = {**CommentConsumer.client_handlers, "typing_start": "on_typing_start", "typing_stop": "on_typing_stop"}

    def groups_to_join(self) -> list[str]:
        return [*super().groups_to_join(), typing_group(self.ticket_id)]

    async def on_typing_start(self, content: dict):
        await self._typing(is_typing=True)

    async def on_typing_stop(self, content: dict):
        await self._typing(is_typing=False)

    async def _typing(self, *, is_typing: bool):
        author = self.author()
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
