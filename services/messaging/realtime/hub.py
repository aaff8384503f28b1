"""One channel-layer subscription per group and process, fanned out to that process's sockets.

Channels would give every socket a channel of its own on the layer and add
each to its groups: with ``channels_redis`` a push to a ticket with 500
sockets in one process then wakes 500 receive loops that queue for the
layer's receive lock, and every socket costs Redis a group entry. Instead a
process joins a group once, with one channel of its own, and hands each event
straight to its sockets of that group; the sockets themselves hold no layer
channel. A push then costs one Redis message per process, whatever the
number of sockets.
"""

import asyncio
import logging
import weakref

from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


class GroupHub:
    """The groups this process's sockets belong to, for one event loop."""

    def __init__(self, layer):
        self.layer = layer
        self.members: dict[str, set] = {}
        self.channels: dict[str, str] = {}
        self.readers: dict[str, asyncio.Task] = {}
        self.lock = asyncio.Lock()

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
            self.readers.pop(group).cancel()
            await self.layer.group_discard(group, channel)

    async def _read(self, group: str, channel: str) -> None:
        while True:
            try:
                event = await self.layer.receive(channel)
            except asyncio.CancelledError:
                raise
            except Exception:  # Redis away for a moment: keep listening rather than go deaf
                logger.warning("receiving for %s failed; retrying", group, exc_info=True)
                await asyncio.sleep(1)
                continue
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
