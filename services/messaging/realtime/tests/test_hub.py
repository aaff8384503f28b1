"""The hub renews memberships before the layer forgets them, and closes the sockets of a subscription that fails."""

import asyncio

import pytest
from channels.layers import InMemoryChannelLayer
from channels_redis.core import RedisChannelLayer

from realtime.hub import CLOSE_RECONNECT, GroupHub
from tts_common.live import redis_layer_host


class Socket:
    def __init__(self):
        self.events, self.closed = [], []

    async def deliver(self, event):
        self.events.append(event)

    async def close(self, code=None):
        self.closed.append(code)


class Layer(InMemoryChannelLayer):
    """The in-memory layer, counting group_add calls, whose receive or group_add can be made to fail."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.adds, self.fail_receive, self.fail_add = 0, False, False

    async def group_add(self, group, channel):
        if self.fail_add:
            raise ConnectionError("redis away")
        self.adds += 1
        await super().group_add(group, channel)

    async def receive(self, channel):
        while not self.fail_receive:
            try:
                return await asyncio.wait_for(super().receive(channel), 0.05)
            except TimeoutError:
                continue
        raise ConnectionError("redis away")


async def test_memberships_are_renewed_every_third_of_group_expiry():
    layer = Layer(group_expiry=0.3)
    hub, socket = GroupHub(layer), Socket()
    await hub.join("ticket.T-1", socket)

    await asyncio.sleep(0.35)  # past the first renewal (0.1 s) and more

    assert layer.adds >= 3
    await layer.group_send("ticket.T-1", {"type": "comment.update", "n": 1})
    await asyncio.sleep(0.1)
    assert socket.events == [{"type": "comment.update", "n": 1}]
    await hub.leave("ticket.T-1", socket)


async def test_a_failed_receive_closes_the_groups_sockets_to_reconnect_and_forgets_the_group():
    layer = Layer()
    hub, first, second = GroupHub(layer), Socket(), Socket()
    for socket in (first, second):
        await hub.join("ticket.T-1", socket)

    layer.fail_receive = True
    await asyncio.sleep(0.2)

    assert first.closed == [CLOSE_RECONNECT] and second.closed == [CLOSE_RECONNECT]
    assert hub.members == {} and hub.readers == {}


async def test_a_failed_renewal_closes_the_groups_sockets_and_a_new_socket_subscribes_again():
    layer = Layer()
    hub, socket = GroupHub(layer), Socket()
    await hub.join("ticket.T-1", socket)

    layer.fail_add = True
    await hub.renew()

    assert socket.closed == [CLOSE_RECONNECT] and "ticket.T-1" not in hub.channels
    layer.fail_add = False
    await hub.leave("ticket.T-1", socket)  # the closed socket's disconnect: nothing left to leave
    newcomer = Socket()
    await hub.join("ticket.T-1", newcomer)
    await layer.group_send("ticket.T-1", {"type": "comment.update"})
    await asyncio.sleep(0.1)
    assert newcomer.events == [{"type": "comment.update"}]
    await hub.leave("ticket.T-1", newcomer)


@pytest.mark.integration
async def test_a_group_left_on_redis_never_costs_another_group_its_event(redis_url):
    """Leaving a group on the Redis layer never costs the process's other groups an event.

    Each round hands channels_redis's receive lock to a passing group's reader (a push to the staying group
    wakes its reader; the waiting one takes the lock), then leaves that group while a push to the staying
    one is on its way. The presence bug of 2026-12-01 (cancelled readers) was reproduced by
    comments/tests/test_presence.py's Redis test; this one guards the hub's side of it on every round."""
    layer = RedisChannelLayer(hosts=[redis_layer_host(redis_url)], group_expiry=60)
    hub = GroupHub(layer)
    staying = Socket()
    await hub.join("hub-test-staying", staying)
    loop = asyncio.get_running_loop()

    async def heard(count: int) -> list[str]:
        deadline = loop.time() + 5
        while len(staying.events) < count and loop.time() < deadline:
            await asyncio.sleep(0.01)
        return [event["name"] for event in staying.events]

    expected = []
    try:
        for round_ in range(20):
            passing = Socket()
            await hub.join("hub-test-passing", passing)
            await asyncio.sleep(0.02)  # its reader waits for the receive lock the staying reader holds
            await layer.group_send("hub-test-staying", {"type": "ping", "name": f"wake {round_}"})
            expected.append(f"wake {round_}")
            assert await heard(len(expected)) == expected
            # the passing reader now holds the lock, in BRPOP: it leaves while a push is on its way
            await asyncio.gather(
                hub.leave("hub-test-passing", passing),
                layer.group_send("hub-test-staying", {"type": "ping", "name": f"after {round_}"}),
            )
            expected.append(f"after {round_}")
            assert await heard(len(expected)) == expected
        assert "hub-test-passing" not in hub.readers
    finally:
        await hub.leave("hub-test-staying", staying)
        await layer.close_pools()
