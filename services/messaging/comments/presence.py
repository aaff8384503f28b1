"""Who has a ticket open: presence over ``ws/tickets/<ticket_id>/``.

Each ``ws/tickets/`` socket is one entry in its ticket's presence: a Redis
hash per ticket (``messaging<suffix>.presence.<ticket_id>``) whose fields are
socket ids and whose values are JSON ``{"user_id", "name", "state",
"expires"}`` (``state`` is ``viewing`` or ``typing``; ``expires`` a Unix time
in seconds). A field per socket, not per person, so that one of a person's
tabs closing leaves them present while another is open; the viewers list
folds a person's sockets into one viewer (``typing`` when any of them types).

Liveness: every process refreshes the entries of its own sockets every
``refresh_seconds`` (2.8; one pipeline per ticket, whatever the number of
sockets) and each entry lives ``ttl_seconds`` (7) past its last refresh. A
socket that closes removes its entry at once; the entries of a process that
died are left behind until their ``expires`` passes, and the next refresh of
any process with a socket on that ticket deletes them and says so: within
10 s of the crash. The hash itself expires ``ttl_seconds`` after its last
write, so nothing outlives the last process. A socket whose client has sent
nothing for ``silence_seconds`` (15; the console pings every 5 s) is no
longer renewed, and is taken out at the next refresh: a laptop whose network
dropped without closing its socket leaves the list long before the server's
own WebSocket pings give up on it; it is back at the refresh after it speaks.

Every change (a socket arrives or leaves, starts or stops typing, stale
entries are purged) sends ``presence.changed`` to the ticket's typing group
(``ws/tickets/`` sockets only, in every process); each process then reads the
hash once, after ``fanout_delay_seconds``, and sends every one of its sockets
of the ticket ``{"type": "presence", "ticket_id", "viewers": [{"user_id",
"name", "state"}]}`` (the reader included; the console leaves itself out); when
the list is what its sockets were last sent, only the sockets that joined since
get it. A burst of changes (a thousand sockets opening) costs one read per
delay, not one per change, and a thousand tabs of the same people no frames
beyond their own first.

Without ``REDIS_URL`` the entries live in this process (``MemoryStore``), as
the in-memory channel layer does.
"""

import asyncio
import json
import logging
import time
import weakref
from dataclasses import asdict, dataclass

from channels.layers import get_channel_layer
from django.conf import settings

from comments.live import typing_group
from tts_common.env import env_str

logger = logging.getLogger(__name__)

PRESENCE_EVENT = "presence.changed"  # group event: re-read this ticket's presence
FRAME_EVENT = "presence.frame"  # handed to a process's own sockets: {"frame": the encoded presence message}
VIEWING, TYPING = "viewing", "typing"
STATES = (VIEWING, TYPING)


def ttl_seconds() -> float:
    """How long an entry lives past its last refresh: with the refresh, a dead process's viewers go within 10 s."""
    return float(getattr(settings, "MESSAGING_PRESENCE_TTL_SECONDS", 7))


def silence_seconds() -> float:
    """A socket that has sent nothing for this long (the console pings every 5 s) is left out until it speaks."""
    return float(getattr(settings, "MESSAGING_PRESENCE_SILENCE_SECONDS", 15))


def refresh_seconds() -> float:
    """How often a process refreshes its sockets' entries (and purges stale ones): well inside the TTL."""
    return float(getattr(settings, "MESSAGING_PRESENCE_REFRESH_SECONDS", ttl_seconds() / 2.5))


def typing_seconds() -> float:
    """A socket that said ``typing_start`` and nothing since is back to ``viewing`` after this long."""
    return float(getattr(settings, "MESSAGING_PRESENCE_TYPING_SECONDS", 8))


def fanout_delay_seconds() -> float:
    return float(getattr(settings, "MESSAGING_PRESENCE_FANOUT_SECONDS", 0.15))


@dataclass(frozen=True)
class Viewer:
    """One person on the ticket: ``state`` is ``viewing`` or ``typing``."""

    user_id: int
    name: str
    state: str


@dataclass
class Entry:
    """One socket's presence."""

    user_id: int
    name: str
    state: str = VIEWING
    expires: float = 0.0

    def encode(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def decode(cls, raw) -> "Entry | None":
        try:
            data = json.loads(raw)
            return cls(user_id=int(data["user_id"]), name=str(data["name"]), state=str(data["state"]), expires=float(data["expires"]))
        except (ValueError, TypeError, KeyError):
            return None


def viewers_of(entries: dict[str, Entry], *, now: float) -> list[Viewer]:
    """The live entries folded into one viewer per person (typing if any of their sockets types), by name then id."""
    people: dict[int, Viewer] = {}
    for entry in entries.values():
        if entry.expires <= now:
            continue
        known = people.get(entry.user_id)
        typing = entry.state == TYPING or (known is not None and known.state == TYPING)
        people[entry.user_id] = Viewer(user_id=entry.user_id, name=entry.name, state=TYPING if typing else VIEWING)
    return sorted(people.values(), key=lambda viewer: (viewer.name.casefold(), viewer.user_id))


# --- stores: where the entries live ------------------------------------------------------------------


class MemoryStore:
    """This process's entries only (no ``REDIS_URL``)."""

    def __init__(self):
        self.tickets: dict[str, dict[str, Entry]] = {}

    async def put(self, ticket_id: str, entries: dict[str, Entry]) -> None:
        self.tickets.setdefault(ticket_id, {}).update({socket_id: Entry(**asdict(entry)) for socket_id, entry in entries.items()})

    async def remove(self, ticket_id: str, socket_ids: list[str]) -> None:
        held = self.tickets.get(ticket_id, {})
        for socket_id in socket_ids:
            held.pop(socket_id, None)
        if not held:
            self.tickets.pop(ticket_id, None)

    async def entries(self, ticket_id: str) -> dict[str, Entry]:
        return dict(self.tickets.get(ticket_id, {}))


class RedisStore:
    """A hash per ticket on the shared Redis; the key expires with its last entry."""

    def __init__(self, url: str, prefix: str):
        import redis.asyncio

        self.client = redis.asyncio.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self.prefix = prefix

    def key(self, ticket_id: str) -> str:
        return f"{self.prefix}.presence.{ticket_id}"

    async def put(self, ticket_id: str, entries: dict[str, Entry]) -> None:
        if not entries:
            return
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.hset(self.key(ticket_id), mapping={socket_id: entry.encode() for socket_id, entry in entries.items()})
            pipe.expire(self.key(ticket_id), max(1, round(ttl_seconds())))
            await pipe.execute()

    async def remove(self, ticket_id: str, socket_ids: list[str]) -> None:
        if socket_ids:
            await self.client.hdel(self.key(ticket_id), *socket_ids)

    async def entries(self, ticket_id: str) -> dict[str, Entry]:
        raw = await self.client.hgetall(self.key(ticket_id))
        decoded = {field.decode(): Entry.decode(value) for field, value in raw.items()}
        return {socket_id: entry for socket_id, entry in decoded.items() if entry is not None}


def store_for_settings():
    """Redis when ``REDIS_URL`` is set (copies of the suite on one Redis keep apart by ``TTS_DATABASE_SUFFIX``), else memory."""
    url = getattr(settings, "REDIS_URL", "") or ""
    if url:
        return RedisStore(url, prefix=f"messaging{env_str('TTS_DATABASE_SUFFIX', '') or ''}")
    return MemoryStore()


# --- the tracker: this process's sockets -------------------------------------------------------------


class PresenceTracker:
    """The presence entries of this event loop's sockets, their refresh, and the debounced fan-out.

    A socket is anything with ``async deliver(event)`` (``realtime.consumers.MemberConsumer``).
    """

    def __init__(self, store):
        self.store = store
        self.local: dict[str, dict[str, Entry]] = {}  # ticket -> socket id -> entry
        self.sockets: dict[str, dict[str, object]] = {}  # ticket -> socket id -> socket
        self.typing_since: dict[str, float] = {}  # socket id -> when it last said typing_start
        self.silent: set[str] = set()  # sockets left out for saying nothing for silence_seconds()
        self.pending: set[str] = set()  # tickets with a fan-out scheduled
        self.sent: dict[str, str] = {}  # ticket -> the last frame its local sockets were sent
        self.fresh: dict[str, set[str]] = {}  # ticket -> sockets that joined since (they have been sent nothing yet)
        self.refresher: asyncio.Task | None = None
        self.background: set[asyncio.Task] = set()

    async def join(self, *, ticket_id: str, socket, socket_id: str, user_id: int, name: str) -> None:
        entry = Entry(user_id=int(user_id), name=name, expires=time.time() + ttl_seconds())
        self.local.setdefault(ticket_id, {})[socket_id] = entry
        self.sockets.setdefault(ticket_id, {})[socket_id] = socket
        self.fresh.setdefault(ticket_id, set()).add(socket_id)
        if self.refresher is None or self.refresher.done():
            self.refresher = asyncio.create_task(self._refresh_forever(), name="presence:refresh")
        await self.store.put(ticket_id, {socket_id: entry})
        await announce(ticket_id)

    async def leave(self, *, ticket_id: str, socket_id: str) -> None:
        held = self.local.get(ticket_id, {})
        if held.pop(socket_id, None) is None:
            return
        self.sockets.get(ticket_id, {}).pop(socket_id, None)
        self.typing_since.pop(socket_id, None)
        self.silent.discard(socket_id)
        self.fresh.get(ticket_id, set()).discard(socket_id)
        if not held:
            for per_ticket in (self.local, self.sockets, self.sent, self.fresh):
                per_ticket.pop(ticket_id, None)
        await self.store.remove(ticket_id, [socket_id])
        await announce(ticket_id)

    async def set_state(self, *, ticket_id: str, socket_id: str, state: str) -> None:
        """``typing`` or ``viewing``; announced only when it changes (a typist sends typing_start every 2 s)."""
        entry = self.local.get(ticket_id, {}).get(socket_id)
        if entry is None:
            return
        if state == TYPING:
            self.typing_since[socket_id] = time.monotonic()
        else:
            self.typing_since.pop(socket_id, None)
        if entry.state == state:
            return
        entry.state, entry.expires = state, time.time() + ttl_seconds()
        await self.store.put(ticket_id, {socket_id: entry})
        await announce(ticket_id)

    async def refresh(self) -> None:
        """Renew every local entry, let typing lapse, delete stale entries of other processes; announce what changed."""
        now, clock = time.time(), time.monotonic()
        for ticket_id, held in list(self.local.items()):
            changed, renewed, hushed = False, {}, []
            sockets = self.sockets.get(ticket_id, {})
            for socket_id, entry in held.items():
                heard = getattr(sockets.get(socket_id), "last_heard", None)
                if heard is not None and clock - heard >= silence_seconds():  # a client gone quiet (a dropped network)
                    if socket_id not in self.silent:
                        self.silent.add(socket_id)
                        hushed.append(socket_id)
                    continue
                if socket_id in self.silent:  # it spoke again
                    self.silent.discard(socket_id)
                    changed = True
                entry.expires = now + ttl_seconds()
                since = self.typing_since.get(socket_id)
                if entry.state == TYPING and (since is None or clock - since >= typing_seconds()):
                    entry.state, changed = VIEWING, True
                    self.typing_since.pop(socket_id, None)
                renewed[socket_id] = entry
            try:
                if hushed:
                    await self.store.remove(ticket_id, hushed)
                    changed = True
                await self.store.put(ticket_id, renewed)
                stale = [socket_id for socket_id, entry in (await self.store.entries(ticket_id)).items() if entry.expires <= now]
                if stale:
                    await self.store.remove(ticket_id, stale)
                    changed = True
                if changed:
                    await announce(ticket_id)
            except Exception:  # Redis away: try again next round; the entries only age meanwhile
                logger.warning("refreshing the presence of %s failed", ticket_id, exc_info=True)

    async def _refresh_forever(self) -> None:
        while self.local:
            await asyncio.sleep(refresh_seconds())
            await self.refresh()

    def fanout_soon(self, ticket_id: str) -> None:
        """A ``presence.changed`` arrived: read the ticket once after the delay and send its viewers to the local sockets."""
        if ticket_id in self.pending or ticket_id not in self.sockets:
            return
        self.pending.add(ticket_id)
        task = asyncio.create_task(self._fanout(ticket_id), name=f"presence:fanout:{ticket_id}")
        self.background.add(task)
        task.add_done_callback(self.background.discard)

    async def _fanout(self, ticket_id: str) -> None:
        await asyncio.sleep(fanout_delay_seconds())
        self.pending.discard(ticket_id)  # a change from here on schedules another read, which will see it
        try:
            viewers = await presence_viewers(ticket_id=ticket_id, store=self.store)
        except Exception:
            logger.warning("reading the presence of %s failed", ticket_id, exc_info=True)
            return
        frame = json.dumps(
            {"type": "presence", "ticket_id": ticket_id, "viewers": [asdict(viewer) for viewer in viewers]}, separators=(",", ":")
        )
        # Unchanged (a tab more of someone already there): only the sockets that joined since need it.
        everyone = self.sockets.get(ticket_id)
        if not everyone:
            return
        fresh, self.fresh[ticket_id] = self.fresh.get(ticket_id, set()), set()
        if frame == self.sent.get(ticket_id):
            recipients = [everyone[socket_id] for socket_id in fresh if socket_id in everyone]
        else:
            recipients, self.sent[ticket_id] = list(everyone.values()), frame
        for socket in recipients:
            try:
                await socket.deliver({"type": FRAME_EVENT, "frame": frame})
            except Exception:  # one broken socket must not cost the others
                logger.debug("presence to a socket of %s failed", ticket_id, exc_info=True)


async def announce(ticket_id: str) -> None:
    """Tell every process with sockets on the ticket to read its presence again (best effort)."""
    try:
        await get_channel_layer().group_send(typing_group(ticket_id), {"type": PRESENCE_EVENT, "ticket_id": ticket_id})
    except Exception:
        logger.warning("announcing the presence of %s failed", ticket_id, exc_info=True)


_trackers: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, PresenceTracker]" = weakref.WeakKeyDictionary()


def presence_tracker() -> PresenceTracker:
    """This event loop's tracker (a server runs one loop; tests one per test)."""
    loop = asyncio.get_running_loop()
    tracker = _trackers.get(loop)
    if tracker is None:
        tracker = _trackers[loop] = PresenceTracker(store_for_settings())
    return tracker


# --- the service functions the consumer calls --------------------------------------------------------


async def presence_join(*, ticket_id: str, socket, socket_id: str, user_id: int, name: str) -> None:
    """The socket is on the ticket now: its entry is written and every ``ws/tickets/`` socket of the ticket is told."""
    await presence_tracker().join(ticket_id=ticket_id, socket=socket, socket_id=socket_id, user_id=user_id, name=name)


async def presence_leave(*, ticket_id: str, socket_id: str) -> None:
    """The socket closed: its entry goes at once (the person stays while another of their sockets is there)."""
    await presence_tracker().leave(ticket_id=ticket_id, socket_id=socket_id)


async def presence_state_set(*, ticket_id: str, socket_id: str, state: str) -> None:
    """``state``: ``typing`` (after ``typing_start``) or ``viewing`` (after ``typing_stop``); ValueError for anything else."""
    if state not in STATES:
        raise ValueError(f"presence state must be one of {', '.join(STATES)}")
    await presence_tracker().set_state(ticket_id=ticket_id, socket_id=socket_id, state=state)


async def presence_viewers(*, ticket_id: str, store=None) -> list[Viewer]:
    """The people on the ticket now, one :class:`Viewer` each, sorted by name."""
    store = store if store is not None else presence_tracker().store
    return viewers_of(await store.entries(ticket_id), now=time.time())
