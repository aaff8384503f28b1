"""The socket behaviour every route shares, and the console's notification socket.

A socket is accepted only for a signed-in TTS member: without a valid token it
is accepted and closed with 4401, without any TTS role with 4403 (Channels
can send a close code only on an accepted socket; refusing the handshake
would give the browser a bare 403). A member's socket joins its groups, is
accepted, and is told ``connection_established``.

A socket's authority ends with its token: a server timer closes it with 4401
at the token's ``exp`` even when the client says nothing, and it closes with
4401 when auth revokes its user's tokens (every socket joins its user's group,
``tts_common.live.user_group``, where messaging's revocation task sends
``tts_common.revocation.SESSION_REVOKED_EVENT``). The console then refreshes
its token, reconnects and fetches what it missed over REST.

Client messages are JSON objects with a ``type``. Each socket may send
``MESSAGING_WS_RATE_PER_SECOND`` of them a second (bursts of
``MESSAGING_WS_RATE_BURST``); anything refused, malformed or unknown is
answered with ``{"type": "error", "message"}`` and the socket stays open.
"""

import asyncio
import json
import logging
import time
import uuid

from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings

from realtime.hub import group_hub
from realtime.ratelimit import TokenBucket
from tts_common.auth import TTS
from tts_common.live import user_group
from tts_common.revocation import issued_before, token_revoked
from tts_common.validation import JsonTooDeepError, parse_json, unstorable_values

logger = logging.getLogger(__name__)

CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403


class ClientError(Exception):
    """A client message that cannot be carried out; its text goes back as ``{"type": "error"}``."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class MemberConsumer(AsyncJsonWebsocketConsumer):
    """Authenticated, rate-limited JSON socket; subclasses name their groups and client message handlers.

    The socket holds no channel of its own on the layer (``channel_layer_alias``
    is None): it joins its groups through the process's ``GroupHub``, which
    delivers each group event to ``deliver``.
    """

    channel_layer_alias = None

    # client message type -> name of the coroutine method that handles it (it gets the message dict)
    client_handlers: dict[str, str] = {"ping": "on_ping"}

    groups_joined: list[str]

    async def connect(self):
        self.groups_joined = []
        self.live = False  # set once the socket is accepted and greeted; group events wait for that
        self.socket_id = uuid.uuid4().hex  # names this socket in events that cross processes (typing)
        self.user = self.scope.get("user")
        self.bucket = TokenBucket(rate=settings.MESSAGING_WS_RATE_PER_SECOND, burst=settings.MESSAGING_WS_RATE_BURST)
        if not (self.user and self.user.is_authenticated):
            await self.accept()
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        if not self.user.has_role(TTS):
            await self.accept()
            await self.close(code=CLOSE_FORBIDDEN)
            return
        hub = group_hub()
        for group in dict.fromkeys([user_group(self.user.id), *self.groups_to_join()]):
            await hub.join(group, self)
            self.groups_joined.append(group)
        await self.accept()
        if token_revoked(self.user.token.payload):  # revoked after the handshake's check, before the user's group was joined
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        await self.send_json({"type": "connection_established", **self.connection_details()})
        self.live = True
        expires = self.user.token.get("exp")
        if expires is not None:
            delay = max(0.0, float(expires) - time.time())
            self.expiry_timer = asyncio.create_task(self._close_after(delay), name=f"socket-expiry:{self.socket_id}")

    async def _close_after(self, seconds: float) -> None:
        """The server timer: at the token's ``exp`` the socket closes with 4401, silent client or not."""
        await asyncio.sleep(seconds)
        await self.close_unauthenticated()

    async def close_unauthenticated(self) -> None:
        """Close with 4401 (the token expired or was revoked); nothing more is delivered to this socket."""
        if not self.live:
            return
        self.live = False
        await self.close(code=CLOSE_UNAUTHENTICATED)

    async def session_revoked(self, event: dict) -> None:
        """auth revoked this user's tokens issued before ``event["not_before"]``: close if this socket's token is one."""
        if issued_before(self.user.token.get("iat"), float(event.get("not_before", 0))):
            await self.close_unauthenticated()

    async def disconnect(self, code):
        timer = getattr(self, "expiry_timer", None)
        if timer is not None and timer is not asyncio.current_task():
            timer.cancel()
        hub = group_hub()
        for group in self.groups_joined:
            try:
                await hub.leave(group, self)
            except Exception:  # the membership expires with the layer's group_expiry anyway
                logger.warning("leaving %s failed", group, exc_info=True)
        self.groups_joined = []
        self.live = False

    async def dispatch(self, message):
        """As Channels dispatches, without closing stale database connections before every message.

        That costs a hop to the one sync thread per socket and event, which
        serialises a push to thousands of sockets; these handlers reach the
        database only through ``database_sync_to_async``, which does it itself.
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def deliver(self, event: dict):
        """A group event from the hub: to the handler named after its type, if this socket still has one."""
        if not self.live:  # not accepted yet (an event of a group joined first), or already gone
            return
        handler = getattr(self, get_handler_name(event), None)
        if handler is not None:
            await handler(event)

    def groups_to_join(self) -> list[str]:
        return []

    def connection_details(self) -> dict:
        return {}

    # --- client messages --------------------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if not self.groups_joined and not self.user_is_member():
            return  # a socket being closed for its token says nothing more
        if not self.bucket.take():
            await self.send_error("rate limited")
            return
        if self.token_expired():
            await self.send_error("the access token has expired; reconnect with a fresh one")
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        if text_data is None:
            await self.send_error("messages are JSON text frames")
            return
        try:
            content = parse_json(text_data)
            problems = unstorable_values(content)
        except JsonTooDeepError as error:
            await self.send_error(str(error))
            return
        except ValueError:
            await self.send_error("messages are JSON objects")
            return
        if problems:
            await self.send_error("; ".join(f"{path}: {' '.join(messages)}" for path, messages in sorted(problems.items())))
            return
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict):
            await self.send_error("messages are JSON objects")
            return
        message_type = content.get("type")
        handler_name = self.client_handlers.get(message_type) if isinstance(message_type, str) else None
        if handler_name is None:
            await self.send_error(f"unknown message type: {message_type!r}")
            return
        try:
            await getattr(self, handler_name)(content)
        except ClientError as error:
            await self.send_error(error.message)
        except Exception:  # the socket outlives a fault in one message
            logger.exception("websocket message %s failed", message_type)
            await self.send_error("the message could not be processed")

    async def on_ping(self, content: dict):
        await self.send_json({"type": "pong", "timestamp": content.get("timestamp")})

    async def send_error(self, message: str):
        await self.send_json({"type": "error", "message": message})

    def user_is_member(self) -> bool:
        return bool(self.user and self.user.is_authenticated and self.user.has_role(TTS))

    def token_expired(self) -> bool:
        expires = self.user.token.get("exp") if self.user is not None and hasattr(self.user, "token") else None
        return bool(expires) and time.time() >= float(expires)

    @classmethod
    async def encode_json(cls, content):
        return json.dumps(content, separators=(",", ":"))


class NotificationConsumer(MemberConsumer):
    """``ws/notifications/``: the signed-in person's new in-app notifications, live.

    Joins ``tts_common.live.user_group(user_id)``; the notification service
    sends ``{"type": "notification.created", "notification": {...}}`` there and
    this socket forwards it as ``{"type": "notification", "notification": {...}}``.
    """

    def groups_to_join(self) -> list[str]:
        return [user_group(self.user.id)]

    def connection_details(self) -> dict:
        return {"user_id": self.user.id}

    async def notification_created(self, event: dict):
        await self.send_json({"type": "notification", "notification": event.get("notification") or {}})
