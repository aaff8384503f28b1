"""One channel-layer subscription per group and process, fanned out to that process's sockets.

Channels would give every socket a channel of its own on the layer and add
each to its groups: with ``channels_redis`` a push to a ticket with 500
sockets in one process then wakes 500 receive loops that queue for the
layer's receive lock, and every socket costs Redis a group entry. Instead a
process joins a group once, with one channel of its own, and hands each event
straight to its sockets of that group; the sockets themselves hold no layer
channel. A push then costs one Redis message per process, whatever the
number of sockets.

The layer forgets a membership ``group_expiry`` seconds after it was added
(channels_redis: 86400 by default), so the hub adds each of its channels to
its group again every ``group_expiry / 3`` seconds. A group whose
subscription fails (the receive or that renewal raises: Redis away) is
dropped and its sockets closed with ``CLOSE_RECONNECT``, so each client
reconnects and fetches what it missed over REST instead of staying open and
deaf. A group's last socket leaving ends its reader with a ``STOP`` message
on the reader's own channel, never by cancelling a receive (see ``STOP``).
"""

import asyncio
import logging
import weakref

from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)

# "Try again later" (RFC 6455 1013): the console reconnects with backoff, then reloads what it missed.
CLOSE_RECONNECT = 1013
# What a hub sends its own channel to end that channel's reader. Cancelling a reader instead can cost another
# group its event: channels_redis receives every channel of a process through one BRPOP, run by whichever
# reader holds the layer's receive lock, and a message that BRPOP popped is lost when that reader is cancelled.
STOP = "hub.stop"
DEFAULT_GROUP_EXPIRY = 86400


class GroupHub:
    """The groups this process's sockets belong to, for one event loop.

    A socket is anything with ``async deliver(event)`` and ``async close(code=...)``.
    """

    def __init__(self, layer):
        self.layer = layer
        self.members: dict[str, set] = {}
        self.channels: dict[str, str] = {}
        self.readers: dict[str, asyncio.Task] = {}
        self.lock = asyncio.Lock()
        self.renewer: asyncio.Task | None = None

    @property
    def renew_every(self) -> float:
        """Seconds between renewals of every membership: a third of the layer's ``group_expiry``."""
        return getattr(self.layer, "group_expiry", DEFAULT_GROUP_EXPIRY) / 3

    async def join(self, group: str, socket) -> None:
        async with self.lock:
            members = self.members.get(group)
            if members is None:
                channel = await self.layer.new_channel(prefix="hub")
                await self.layer.group_add(group, channel)
                self.members[group] = members = set()
                self.channels[group] = channel
                self.readers[group] = asyncio.create_task(self._read(group, channel), name=f"hub:{group}")
            members.add(socket)
            if self.renewer is None or self.renewer.done():
                self.renewer = asyncio.create_task(self._renew(), name="hub:renew")

    async def leave(self, group: str, socket) -> None:
        async with self.lock:
            members = self.members.get(group)
            if members is None or socket not in members:
                return
            members.discard(socket)
            if members:
                return
            del self.members[group]
            channel = self.channels.pop(group)
            reader = self.readers.pop(group)
            try:
                await self.layer.group_discard(group, channel)
                await self.layer.send(channel, {"type": STOP})
            except Exception:  # Redis away: no receive is under way to lose a message, so cancelling is safe
                logger.warning("leaving %s through the layer failed; its reader is cancelled", group, exc_info=True)
                reader.cancel()

    async def renew(self) -> None:
        """Add every group's channel to its group again (the layer's expiry clock restarts); drop the ones that fail."""
        for group, channel in list(self.channels.items()):
            try:
                await self.layer.group_add(group, channel)
            except Exception:  # Redis away: the membership may lapse unseen, so the sockets reconnect instead
                logger.warning("renewing the membership of %s failed; its sockets are closed to reconnect", group, exc_info=True)
                await self._drop(group, channel)

    async def _renew(self) -> None:
        while self.channels:
            await asyncio.sleep(self.renew_every)
            await self.renew()

    async def _drop(self, group: str, channel: str) -> None:
        """Forget the group's subscription (if it is still ``channel``'s) and close its sockets to reconnect."""
        async with self.lock:
            if self.channels.get(group) != channel:
                return
            members = self.members.pop(group)
            del self.channels[group]
            reader = self.readers.pop(group)
        if reader is not asyncio.current_task():
            reader.cancel()
        for socket in members:
            try:
                await socket.close(code=CLOSE_RECONNECT)
            except Exception:  # already gone
                logger.debug("closing a socket of %s failed", group, exc_info=True)

    async def _read(self, group: str, channel: str) -> None:
        while True:
            try:
                event = await self.layer.receive(channel)
            except asyncio.CancelledError:
                raise
            except Exception:  # events may have been lost: the sockets reconnect and reload rather than stay deaf
                logger.warning("receiving for %s failed; its sockets are closed to reconnect", group, exc_info=True)
                await self._drop(group, channel)
                return
            if event.get("type") == STOP:
                return
            if self.channels.get(group) != channel:
                continue  # the group was left (its stop is on the way) or joined again on another channel
            for socket in list(self.members.get(group, ())):
                try:
                    await socket.deliver(event)
                except Exception:  # one broken socket must not cost the others their push
                    logger.warning("delivering %s to a socket of %s failed", event.get("type"), group, exc_info=True)


_hubs: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, GroupHub]" = weakref.WeakKeyDictionary()


def group_hub() -> GroupHub:
    """This event loop's hub (daphne runs one loop; tests run one per test)."""
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        hub = _hubs[loop] = GroupHub(get_channel_layer())
    return hub
