"""Business-hours calendars: when a workflow's SLA clock runs (issue 13, item 1).

A workflow may carry a calendar (JSON, as stored in its definition)::

    {"timezone": "Asia/Manila",
     "hours": {"mon": [["08:00", "17:00"]], "tue": [...], "wed": [...], "thu": [...], "fri": [...],
               "sat": [], "sun": []},
     "holidays": ["2026-12-25"]}

Absent or ``None``: around the clock (every instant is open, as before calendars existed).
:meth:`BusinessCalendar.parse` validates a definition; the arithmetic (:meth:`~BusinessCalendar.add_open_time`,
:meth:`~BusinessCalendar.open_seconds_between`, :meth:`~BusinessCalendar.is_open`,
:meth:`~BusinessCalendar.next_open`) takes and returns aware datetimes, answering in UTC.

How wall-clock hours become instants (the rule every method follows):

- Hours are local wall-clock times in the calendar's IANA zone (``zoneinfo``), so an interval 08:00-17:00 lasts
  however long it really lasts that day: 9 hours, or 8 or 10 when a daylight-saving change falls inside it.
- A wall-clock time ``T`` on a date becomes the *first instant at which the local clock reads ``T`` or later*:
  a time that exists once is that instant; a repeated time (clocks fall back) is its first occurrence
  (PEP 495's ``fold=0``); a time that does not exist (clocks spring forward) is the instant of the jump, i.e.
  02:30 on a New York spring-forward day opens at 03:00 EDT. The rule is monotonic, so intervals never overlap
  or reorder, and an interval lying wholly inside a skipped hour is simply empty that day.
- "24:00" is midnight at the start of the next date, so ``[["00:00", "24:00"]]`` is the whole local day
  (23 or 25 hours on change days).
- A holiday (a local date) is closed all day, whatever its weekday's hours.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from django.core.exceptions import ValidationError

#: The ``hours`` keys, in ``date.weekday()`` order (Monday is 0).
DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Open intervals a day may have: split shifts and lunch breaks fit; keeps a definition small.
MAX_INTERVALS_PER_DAY = 8
#: Holidays a calendar may list: decades of public holidays; keeps a definition (versioned with its workflow) small.
MAX_HOLIDAYS = 500
#: How far the arithmetic looks ahead of its starting instant. A target or an opening beyond it is a ValueError,
#: never a loop: with :data:`MAX_HOLIDAYS` the longest closed stretch is under 7 x (500 + 1) days (~9.6 years,
#: every holiday on the week's one open day), and ten years of SLA (``MAX_DURATION_SECONDS``) at 40 open hours
#: a week is 42 years of calendar, so only a pathological calendar and SLA reach it.
SEARCH_HORIZON = timedelta(days=100 * 366)

_MINUTES_PER_DAY = 24 * 60
_ONE_DAY = timedelta(days=1)
_HH_MM = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d|24:00")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

Interval = tuple[int, int]
"""An open interval of one day: (start, end) in minutes after local midnight, 0 <= start < end <= 1440."""


@dataclass(frozen=True)
class BusinessCalendar:
    """A validated calendar; build one with :meth:`parse` (the constructor does not validate).

    ``timezone``: an IANA key, or ``None`` for around the clock (then ``hours`` and ``holidays`` are empty).
    ``hours``: seven tuples of :data:`Interval`, Monday first, sorted, non-overlapping, touching ones merged.
    ``holidays``: sorted, unique local dates.
    """

    timezone: str | None = None
    hours: tuple[tuple[Interval, ...], ...] = ()
    holidays: tuple[date, ...] = ()
    _zone: ZoneInfo | None = field(init=False, repr=False, compare=False, default=None)
    _closed_dates: frozenset[date] = field(init=False, repr=False, compare=False, default=frozenset())

    def __post_init__(self) -> None:
        object.__setattr__(self, "_zone", ZoneInfo(self.timezone) if self.timezone is not None else None)
        object.__setattr__(self, "_closed_dates", frozenset(self.holidays))

    # -- definitions -------------------------------------------------------------------------------------------

    @classmethod
    def parse(cls, definition: dict | None, *, path: str = "calendar") -> BusinessCalendar:
        """The calendar a JSON ``definition`` describes; ``None`` is around the clock.

        Raises ``django.core.exceptions.ValidationError`` whose ``message_dict`` names each faulty path
        (``calendar``, ``calendar.timezone``, ``calendar.hours``, ``calendar.hours.mon``, ``calendar.holidays``,
        ``calendar.<unknown key>``; ``path`` replaces the ``calendar`` prefix). Rules: ``timezone`` a known IANA
        key; ``hours`` an object with exactly the seven keys of :data:`DAY_KEYS`, each a list of at most
        :data:`MAX_INTERVALS_PER_DAY` ``["HH:MM", "HH:MM"]`` pairs, start before end ("24:00" allowed as an end),
        sorted and not overlapping; at least one open interval in the week; ``holidays`` (optional) a list of at
        most :data:`MAX_HOLIDAYS` ``YYYY-MM-DD`` dates.
        """
        if definition is None:
            return AROUND_THE_CLOCK
        if not isinstance(definition, dict):
            raise ValidationError({path: ['must be an object {"timezone", "hours", "holidays"} or null']})
        errors: dict[str, list[str]] = {}
        unknown = next((key for key in definition if key not in ("timezone", "hours", "holidays")), None)
        if unknown is not None:
            errors[f"{path}.{str(unknown)[:32]}"] = ["is not a calendar key (use timezone, hours, holidays)"]
        timezone = _parse_timezone(definition.get("timezone"), f"{path}.timezone", errors)
        hours = _parse_hours(definition.get("hours"), f"{path}.hours", errors)
        holidays = _parse_holidays(definition.get("holidays", []), f"{path}.holidays", errors)
        if errors:
            raise ValidationError(errors)
        return cls(timezone=timezone, hours=hours, holidays=holidays)

    def to_definition(self) -> dict | None:
        """The normalised JSON form (``None`` around the clock); ``parse(c.to_definition()) == c``."""
        if self.timezone is None:
            return None
        return {
            "timezone": self.timezone,
            "hours": {
                key: [[_format_minute(start), _format_minute(end)] for start, end in day]
                for key, day in zip(DAY_KEYS, self.hours, strict=True)
            },
            "holidays": [holiday.isoformat() for holiday in self.holidays],
        }

    @property
    def around_the_clock(self) -> bool:
        return self.timezone is None

    # -- arithmetic --------------------------------------------------------------------------------------------

    def add_open_time(self, start: datetime, seconds: float) -> datetime:
        """The instant (UTC) at which ``seconds`` of open time have passed since ``start`` (aware).

        The earliest such instant: a target that uses up an interval exactly is that interval's end, not the
        next opening. ``seconds == 0`` is ``start`` itself, open or not. Precision: microseconds (``timedelta``).
        Raises ValueError for a naive ``start``, negative or non-finite ``seconds``, or a target beyond
        :data:`SEARCH_HORIZON`.
        """
        start = _utc(start, "start")
        if isinstance(seconds, bool) or not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"seconds must be a finite number >= 0, not {seconds!r}")
        try:
            remaining = timedelta(seconds=seconds)
            if self.timezone is None or not remaining:
                return start + remaining
        except OverflowError as exc:
            raise ValueError(f"{seconds} s from {start.isoformat()} is beyond the calendar") from exc
        if remaining > SEARCH_HORIZON:  # open time never outruns elapsed time: no walk can reach it
            raise ValueError(f"{seconds} s of open time are not reached within {SEARCH_HORIZON.days} days of {start.isoformat()}")
        for opens, closes in self._open_spans(start):
            if closes - opens >= remaining:
                return opens + remaining
            remaining -= closes - opens
        raise ValueError(f"{seconds} s of open time are not reached within {SEARCH_HORIZON.days} days of {start.isoformat()}")

    def open_seconds_between(self, start: datetime, end: datetime) -> float:
        """Open time in seconds from ``start`` to ``end`` (both aware); 0.0 when ``end <= start``.

        Raises ValueError for naive datetimes or a span longer than :data:`SEARCH_HORIZON`.
        """
        start, end = _utc(start, "start"), _utc(end, "end")
        if end <= start:
            return 0.0
        if self.timezone is None:
            return (end - start).total_seconds()
        if end - start > SEARCH_HORIZON:
            raise ValueError(f"a span longer than {SEARCH_HORIZON.days} days is not counted")
        total = timedelta()
        for opens, closes in self._open_spans(start):
            if opens >= end:
                break
            total += min(closes, end) - opens
        return total.total_seconds()

    def is_open(self, at: datetime) -> bool:
        """Whether the instant ``at`` (aware) lies in an open interval (start included, end excluded)."""
        at = _utc(at, "at")
        if self._zone is None:
            return True
        local_day = at.astimezone(self._zone).date()
        return any(opens <= at < closes for day in (-1, 0, 1) for opens, closes in self._day_spans(local_day + day * _ONE_DAY))

    def next_open(self, at: datetime) -> datetime:
        """``at`` (in UTC) if open, else the instant the calendar next opens.

        Raises ValueError for a naive ``at`` or when nothing opens within :data:`SEARCH_HORIZON` (cannot happen
        for a parsed calendar, see there).
        """
        at = _utc(at, "at")
        for opens, _ in self._open_spans(at):
            return opens
        if self._zone is None:
            return at
        raise ValueError(f"the calendar does not open within {SEARCH_HORIZON.days} days of {at.isoformat()}")

    # -- the walk ----------------------------------------------------------------------------------------------

    def _open_spans(self, since: datetime) -> Iterator[tuple[datetime, datetime]]:
        """The open intervals (UTC) from ``since`` on, the first one clipped to start at ``since``, up to the horizon.

        Starts one local date early: in a zone that falls back across midnight, the previous date's hours can
        end after ``since`` even though ``since`` reads as the next date.
        """
        if self._zone is None:
            return
        try:
            day = since.astimezone(self._zone).date() - _ONE_DAY
            last_day = (since + SEARCH_HORIZON).astimezone(self._zone).date()
        except OverflowError as exc:
            raise ValueError(f"{since.isoformat()} is too close to the end of the calendar") from exc
        while day <= last_day:
            for opens, closes in self._day_spans(day):
                if closes > since:
                    yield max(opens, since), closes
            day += _ONE_DAY

    def _day_spans(self, day: date) -> list[tuple[datetime, datetime]]:
        """The open intervals of the local date ``day`` as UTC instants; empty intervals (swallowed by a skipped hour) left out."""
        if day in self._closed_dates or not self.hours[day.weekday()]:
            return []
        spans = []
        for start, end in self.hours[day.weekday()]:
            opens, closes = self._instant(day, start), self._instant(day, end)
            if opens < closes:
                spans.append((opens, closes))
        return spans

    def _instant(self, day: date, minute: int) -> datetime:
        if minute == _MINUTES_PER_DAY:
            day, minute = day + _ONE_DAY, 0
        return first_instant_reading(datetime.combine(day, time(minute // 60, minute % 60)), self._zone)


AROUND_THE_CLOCK = BusinessCalendar()
"""The calendar of a workflow without one: always open, plain arithmetic."""


def first_instant_reading(wall: datetime, zone: ZoneInfo) -> datetime:
    """The first instant (UTC) at which a clock in ``zone`` reads the naive wall time ``wall`` or later.

    An existing time: that instant (the first occurrence if clocks fall back and repeat it). A skipped time (clocks
    spring forward over it): the instant of the jump, found by bisection on whole seconds between the two readings
    PEP 495 offers (``fold=1`` uses the offset after the change, ``fold=0`` the one before).
    """
    instant = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) == wall:
        return instant
    before = int(wall.replace(tzinfo=zone, fold=1).timestamp())  # reads earlier than wall: still the old offset
    after = int(instant.timestamp())  # reads later than wall: already the new offset
    while after - before > 1:
        middle = (before + after) // 2
        if datetime.fromtimestamp(middle, zone).replace(tzinfo=None) >= wall:
            after = middle
        else:
            before = middle
    return datetime.fromtimestamp(after, UTC)


def _utc(value: datetime, name: str) -> datetime:
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, not {value!r}")
    return value.astimezone(UTC)


@cache
def _known_timezones() -> frozenset[str]:
    # available_timezones() also lists files of the host's zoneinfo directory that are no IANA zone names:
    # "localtime" (whatever the host is set to), "posixrules" (a template) and "Factory" (no time at all).
    return frozenset(available_timezones()) - {"localtime", "posixrules", "Factory"}


def _parse_timezone(value, path: str, errors: dict[str, list[str]]) -> str | None:
    if not isinstance(value, str) or not value:
        errors[path] = ['must be an IANA time zone name such as "Asia/Manila"']
        return None
    if value not in _known_timezones():
        errors[path] = [f"{value[:64]!r} is not a known IANA time zone"]
        return None
    return value


def _parse_hours(value, path: str, errors: dict[str, list[str]]) -> tuple[tuple[Interval, ...], ...]:
    if not isinstance(value, dict):
        errors[path] = [f"must be an object with the keys {', '.join(DAY_KEYS)}"]
        return ()
    unknown = next((key for key in value if key not in DAY_KEYS), None)
    if unknown is not None:
        errors[f"{path}.{str(unknown)[:32]}"] = [f"is not a day (use {', '.join(DAY_KEYS)})"]
    week = []
    for key in DAY_KEYS:
        if key not in value:
            errors[f"{path}.{key}"] = ["is required (a list, empty when closed all day)"]
            week.append(())
            continue
        day, problem = _parse_day(value[key])
        if problem:
            errors[f"{path}.{key}"] = [problem]
        week.append(day)
    if not errors.keys() & {f"{path}.{key}" for key in DAY_KEYS} and not any(week):
        errors[path] = ["the week has no open hours"]
    return tuple(week)


def _parse_day(value) -> tuple[tuple[Interval, ...], str | None]:
    shape = 'must be a list of ["HH:MM", "HH:MM"] intervals'
    if not isinstance(value, list):
        return (), shape
    if len(value) > MAX_INTERVALS_PER_DAY:
        return (), f"at most {MAX_INTERVALS_PER_DAY} intervals a day"
    intervals: list[Interval] = []
    for interval in value:
        if not (isinstance(interval, list | tuple) and len(interval) == 2 and all(isinstance(part, str) for part in interval)):
            return (), shape
        if not all(_HH_MM.fullmatch(part) for part in interval):
            return (), f"times are HH:MM from 00:00 to 23:59 (24:00 as an end), not {list(interval)!r}"[:200]
        start, end = (_parse_minute(part) for part in interval)
        if start == _MINUTES_PER_DAY:
            return (), "24:00 may only end an interval"
        if start >= end:
            return (), f"{interval[0]}-{interval[1]} must start before it ends"
        if intervals and start < intervals[-1][1]:
            return (), f"{interval[0]}-{interval[1]} overlaps or precedes the interval before it (sort them)"
        if intervals and start == intervals[-1][1]:
            intervals[-1] = (intervals[-1][0], end)  # touching intervals are one
        else:
            intervals.append((start, end))
    return tuple(intervals), None


def _parse_holidays(value, path: str, errors: dict[str, list[str]]) -> tuple[date, ...]:
    if not isinstance(value, list):
        errors[path] = ['must be a list of "YYYY-MM-DD" dates']
        return ()
    if len(value) > MAX_HOLIDAYS:
        errors[path] = [f"at most {MAX_HOLIDAYS} holidays"]
        return ()
    holidays = set()
    for item in value:
        try:
            if not (isinstance(item, str) and _ISO_DATE.fullmatch(item)):
                raise ValueError
            holidays.add(date.fromisoformat(item))
        except ValueError:
            errors[path] = [f'{str(item)[:32]!r} is not a "YYYY-MM-DD" date']
            return ()
    return tuple(sorted(holidays))


def _parse_minute(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _format_minute(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"
