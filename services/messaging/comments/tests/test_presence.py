"""Presence on ``ws/tickets/<id>/`` and the task's changes pushed there, through the whole ASGI application.

The unit pass keeps presence in this process (``MemoryStore``); the real pass (``REDIS_URL`` set) keeps it in
Redis, where a dead process's entries are found and purged by the survivors.
"""

import asyncio
import time

import pytest
from channels.layers import channel_layers, get_channel_layer
from channels.testing import WebsocketCommunicator
from hypothesis import given
from hypothesis import strategies as st

from comments import presence
from comments.consumers import task_changed_message
from comments.presence import Entry, RedisStore, Viewer, store_for_settings, viewers_of
from config.asgi import application
from tests.factories import ORIGIN, OTHER_TICKET, TICKET, token_for
from tts_common import live

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("in_memory_layer", "fast_presence")]

ALICE = {"user_id": 10, "name": "Alice Agent", "state": "viewing"}
BOB = {"user_id": 11, "name": "Bob Agent", "state": "viewing"}


@pytest.fixture
def fast_presence(settings):
    """Seconds instead of the defaults, so a dead process's entries lapse within the test."""
    settings.MESSAGING_PRESENCE_TTL_SECONDS = 1
    settings.MESSAGING_PRESENCE_REFRESH_SECONDS = 0.3
    settings.MESSAGING_PRESENCE_TYPING_SECONDS = 0.5
    settings.MESSAGING_PRESENCE_FANOUT_SECONDS = 0.05


@pytest.fixture(autouse=True)
def _no_presence_left_in_redis():
    """The real pass shares one Redis between tests: each starts and ends with no presence on its tickets."""

    async def clear():
        store = store_for_settings()
        if isinstance(store, RedisStore):
            await store.client.delete(*(store.key(ticket) for ticket in (TICKET, OTHER_TICKET)))
            await store.client.aclose()

    asyncio.run(clear())
    yield
    asyncio.run(clear())


class Socket:
    """A connected ws/ socket (greeting read) that is always disconnected."""

    def __init__(self, person: str, route: str = "tickets", ticket: str = TICKET):
        self.communicator = WebsocketCommunicator(application, f"/ws/{route}/{ticket}/?token={token_for(person)}", headers=[ORIGIN])

    async def __aenter__(self):
        connected, _ = await self.communicator.connect()
        assert connected
        assert (await self.communicator.receive_json_from())["type"] == "connection_established"
        return self

    async def __aexit__(self, *exc):
        await self.communicator.disconnect()

    async def close(self):
        await self.communicator.disconnect()

    async def next_message(self, deadline: float) -> dict | None:
        """The next message before ``deadline`` (monotonic), else None; never times out a read (that cancels the app)."""
        while time.monotonic() < deadline:
            if not await self.communicator.receive_nothing(timeout=0.05):
                return await self.communicator.receive_json_from()
        return None

    async def viewers_until(self, expected: list[dict], timeout: float = 10) -> list[dict]:
        """Reads presence frames until one lists ``expected``; fails with the last one seen after ``timeout``
        (by default the issue's bound for someone leaving, 10 s: a loaded machine is slow, not wrong)."""
        deadline, last = time.monotonic() + timeout, None
        while (message := await self.next_message(deadline)) is not None:
            if message["type"] == "presence":
                assert message["ticket_id"] == TICKET
                last = message["viewers"]
                if last == expected:
                    return last
        raise AssertionError(f"presence never became {expected}; last seen {last}")

    async def next_of(self, message_type: str, timeout: float = 5) -> dict | None:
        deadline = time.monotonic() + timeout
        while (message := await self.next_message(deadline)) is not None:
            if message["type"] == message_type:
                return message
        return None

    async def hears_no(self, message_type: str, timeout: float = 0.5) -> bool:
        return await self.next_of(message_type, timeout) is None


# --- who is there -------------------------------------------------------------------------------


async def test_two_people_see_each_other_and_one_leaving_is_gone_for_the_other():
    async with Socket("author") as alice:
        assert await alice.viewers_until([ALICE])
        async with Socket("other_member") as bob:
            await bob.viewers_until([ALICE, BOB])
            await alice.viewers_until([ALICE, BOB])
        await alice.viewers_until([ALICE])


async def test_one_person_in_two_tabs_counts_once_and_stays_while_one_tab_is_open():
    async with Socket("author") as watcher, Socket("other_member") as first_tab:
        await watcher.viewers_until([ALICE, BOB])
        async with Socket("other_member") as second_tab:
            await second_tab.viewers_until([ALICE, BOB])
            assert len(await presence.presence_viewers(ticket_id=TICKET)) == 2
        assert (await presence.presence_viewers(ticket_id=TICKET)) == [Viewer(**ALICE), Viewer(**BOB)]
        await first_tab.close()
        await watcher.viewers_until([ALICE])


async def test_a_further_tab_of_someone_already_there_is_told_and_the_others_are_not_disturbed():
    async with Socket("author") as alice, Socket("other_member") as bob:
        await alice.viewers_until([ALICE, BOB])
        await bob.viewers_until([ALICE, BOB])
        async with Socket("other_member") as bobs_second_tab:
            await bobs_second_tab.viewers_until([ALICE, BOB])
            assert await alice.hears_no("presence")
            assert await bob.hears_no("presence")


async def test_typing_shows_as_state_and_lapses_when_the_typist_goes_quiet():
    async with Socket("author") as alice, Socket("other_member") as bob:
        await alice.viewers_until([ALICE, BOB])
        await bob.communicator.send_json_to({"type": "typing_start"})
        await alice.viewers_until([ALICE, {**BOB, "state": "typing"}])
        await bob.communicator.send_json_to({"type": "typing_stop"})
        await alice.viewers_until([ALICE, BOB])

        await bob.communicator.send_json_to({"type": "typing_start"})
        await alice.viewers_until([ALICE, {**BOB, "state": "typing"}])
        # no typing_stop (the tab froze): the server lets it lapse after MESSAGING_PRESENCE_TYPING_SECONDS
        await alice.viewers_until([ALICE, BOB], timeout=3)


async def test_a_dead_processs_viewers_are_purged_by_the_survivors_within_the_ttl():
    async with Socket("author") as alice:
        await alice.viewers_until([ALICE])
        # given: Bob's entry written by a process that then died (nobody refreshes it again)
        tracker = presence.presence_tracker()
        await tracker.store.put(TICKET, {"dead-process-socket": Entry(user_id=11, name="Bob Agent", expires=time.time() + 1)})
        await presence.announce(TICKET)
        await alice.viewers_until([ALICE, BOB])

        # then: gone within the TTL (1 s here) plus a refresh (0.3 s), with room for a loaded machine
        await alice.viewers_until([ALICE], timeout=5)
        assert "dead-process-socket" not in await tracker.store.entries(TICKET)


async def test_a_client_gone_quiet_is_left_out_and_back_when_it_speaks(settings):
    settings.MESSAGING_PRESENCE_SILENCE_SECONDS = 1.5  # the console pings every 5 s; 15 s by default

    async def alice_sees(expected, rounds=20):
        for number in range(rounds):  # Alice keeps pinging, as the console does; Bob says nothing
            await alice.communicator.send_json_to({"type": "ping", "timestamp": number})
            try:
                return await alice.viewers_until(expected, timeout=0.4)
            except AssertionError:
                continue
        raise AssertionError(f"Alice never saw {expected}")

    async with Socket("author") as alice, Socket("other_member") as bob:
        await alice_sees([ALICE, BOB])
        await alice_sees([ALICE])  # Bob's network dropped without a close: silent past MESSAGING_PRESENCE_SILENCE_SECONDS
        await bob.communicator.send_json_to({"type": "ping", "timestamp": 1})
        await alice_sees([ALICE, BOB])


async def test_the_comments_route_and_other_tickets_are_not_part_of_presence():
    async with Socket("admin", route="comments") as comments_only, Socket("coordinator", ticket=OTHER_TICKET) as elsewhere:
        own = await elsewhere.next_of("presence")
        assert (own["ticket_id"], own["viewers"]) == (OTHER_TICKET, [{"user_id": 20, "name": "Cora Coordinator", "state": "viewing"}])
        async with Socket("author") as alice:
            await alice.viewers_until([ALICE])
            assert await comments_only.hears_no("presence")
            assert await elsewhere.hears_no("presence")


# --- the task moving ----------------------------------------------------------------------------


def a_move(ticket: str = TICKET) -> dict:
    return live.task_changed_event(
        task_id=7,
        ticket_number=ticket,
        action="task.transitioned",
        actor_user_id=20,
        actor_name="Cora Coordinator",
        after={"status": "in_progress", "step": "Resolve", "role": "Agent", "transition": "approve", "notes": "private"},
    )


async def test_a_task_change_reaches_the_tickets_task_pages_only():
    async with (
        Socket("author") as task_page,
        Socket("other_member", route="comments") as comments_only,
        Socket("admin", ticket=OTHER_TICKET) as elsewhere,
    ):
        await get_channel_layer().group_send(live.ticket_group(TICKET), a_move())

        assert await task_page.next_of("task_changed") == {
            "type": "task_changed",
            "task_id": 7,
            "ticket_number": TICKET,
            "action": "task.transitioned",
            "actor": {"user_id": 20, "name": "Cora Coordinator"},
            "status": "in_progress",
            "step": "Resolve",
            "transition": "approve",
        }
        assert await comments_only.hears_no("task_changed")
        assert await elsewhere.hears_no("task_changed")


def test_a_task_change_carries_its_documented_fields_only():
    assert set(task_changed_message(a_move())) == {"type", *live.TASK_CHANGED_FIELDS}
    assert "notes" not in str(task_changed_message(a_move()))


def test_without_a_shared_layer_nothing_is_pushed():
    assert live.push_task_changed(a_move()) is False


def test_messaging_and_workflow_api_name_the_same_ticket_group():
    from comments.live import ticket_group

    assert ticket_group(TICKET) == live.ticket_group(TICKET) == f"comments.ticket.{TICKET}"


# --- the folding rule ---------------------------------------------------------------------------

entries = st.dictionaries(
    keys=st.text(min_size=1, max_size=8),
    values=st.builds(
        Entry,
        user_id=st.integers(1, 5),
        name=st.sampled_from(["Ana", "Bo", "Cy"]),
        state=st.sampled_from(["viewing", "typing"]),
        expires=st.sampled_from([90.0, 110.0]),
    ),
    max_size=12,
)


@given(entries)
def test_viewers_are_one_per_live_person_typing_when_any_of_their_sockets_types(held):
    viewers = viewers_of(held, now=100.0)
    live_entries = [entry for entry in held.values() if entry.expires > 100.0]

    assert sorted(viewer.user_id for viewer in viewers) == sorted({entry.user_id for entry in live_entries})
    assert viewers == sorted(viewers, key=lambda viewer: (viewer.name.casefold(), viewer.user_id))
    for viewer in viewers:
        theirs = [entry for entry in live_entries if entry.user_id == viewer.user_id]
        assert (viewer.state == "typing") == any(entry.state == "typing" for entry in theirs)


def test_an_entry_that_does_not_decode_is_skipped():
    assert Entry.decode(b"not json") is None
    assert Entry.decode(b'{"user_id": "x"}') is None
    assert Entry.decode(Entry(user_id=3, name="Ana", expires=5.0).encode()) == Entry(user_id=3, name="Ana", expires=5.0)


async def test_an_unknown_state_is_refused():
    with pytest.raises(ValueError, match="viewing, typing"):
        await presence.presence_state_set(ticket_id=TICKET, socket_id="x", state="dancing")


# --- on real Redis (the real pass) --------------------------------------------------------------


@pytest.fixture
def redis_everywhere(in_memory_layer, settings, redis_url):
    """Presence and the channel layer on the test Redis, as a deployed messaging process has them."""
    settings.REDIS_URL = redis_url
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [live.redis_layer_host(redis_url)]}}
    }
    channel_layers.backends = {}
    yield
    channel_layers.backends = {}


@pytest.mark.integration
@pytest.mark.usefixtures("redis_everywhere")
async def test_presence_lives_in_a_redis_hash_that_empties_as_sockets_close(settings):
    settings.MESSAGING_PRESENCE_TTL_SECONDS, settings.MESSAGING_PRESENCE_REFRESH_SECONDS = 5, 2  # a loaded machine keeps up
    async with Socket("author") as alice, Socket("other_member") as bob:
        await alice.viewers_until([ALICE, BOB])
        store = presence.presence_tracker().store
        assert isinstance(store, RedisStore)
        fields = await store.client.hgetall(store.key(TICKET))
        assert {Entry.decode(value).user_id for value in fields.values()} == {10, 11}
        assert 0 < await store.client.ttl(store.key(TICKET)) <= 5  # MESSAGING_PRESENCE_TTL_SECONDS here
        await bob.close()
        await alice.viewers_until([ALICE])
    assert await store.client.hlen(store.key(TICKET)) == 0


@pytest.mark.integration
@pytest.mark.usefixtures("redis_everywhere")
async def test_workflow_apis_push_reaches_the_task_page_through_redis():
    async with Socket("author") as task_page:
        await task_page.viewers_until([ALICE])
        assert await asyncio.to_thread(live.push_task_changed, a_move())
        changed = await task_page.next_of("task_changed", timeout=5)
        assert changed is not None and (changed["actor"]["name"], changed["step"]) == ("Cora Coordinator", "Resolve")
