import json
from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from workflows.calendars import (
    AROUND_THE_CLOCK,
    DAY_KEYS,
    MAX_HOLIDAYS,
    MAX_INTERVALS_PER_DAY,
    SEARCH_HORIZON,
    BusinessCalendar,
)

HOUR = 3600
MANILA = ZoneInfo("Asia/Manila")
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = [["08:00", "17:00"]]


def calendar(timezone="Asia/Manila", weekdays=OFFICE, weekend=(), holidays=(), **days):
    hours = {key: list(weekdays) for key in DAY_KEYS[:5]} | {"sat": list(weekend), "sun": list(weekend)} | days
    return BusinessCalendar.parse({"timezone": timezone, "hours": hours, "holidays": list(holidays)})


def every_day(timezone, *intervals):
    return BusinessCalendar.parse({"timezone": timezone, "hours": {key: [list(i) for i in intervals] for key in DAY_KEYS}})


def local(zone, *parts, fold=0):
    return datetime(*parts, tzinfo=zone, fold=fold)


def day_length(cal, zone, day):
    """Open seconds of the local date ``day``, midnight to midnight."""
    midnight = datetime.combine(day, datetime.min.time(), tzinfo=zone)
    return cal.open_seconds_between(midnight, datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=zone))


# -- the issue's example and everyday cases ------------------------------------------------------------------------


def test_the_issues_example_friday_afternoon_is_due_monday_late_morning():
    # given Mon-Fri 08:00-17:00 in Manila and a 4-hour SLA; when a ticket arrives Friday 2026-12-04 at 16:00 local
    due = calendar().add_open_time(local(MANILA, 2026, 12, 4, 16), 4 * HOUR)

    # then: one hour on Friday, three on Monday
    assert due == local(MANILA, 2026, 12, 7, 11)
    assert due.tzinfo is UTC


def test_a_holiday_is_closed_all_day():
    # 2026-12-25 is a Friday
    cal = calendar(holidays=["2026-12-25"])

    assert cal.add_open_time(local(MANILA, 2026, 12, 24, 16), 4 * HOUR) == local(MANILA, 2026, 12, 28, 11)
    assert not cal.is_open(local(MANILA, 2026, 12, 25, 10))
    assert cal.next_open(local(MANILA, 2026, 12, 24, 17)) == local(MANILA, 2026, 12, 28, 8)


def test_days_without_open_hours_are_skipped():
    # given open only on Tuesdays and Thursdays
    cal = calendar(weekdays=[], tue=OFFICE, thu=OFFICE)

    # when a 10-hour target starts Monday morning: 9 h on Tuesday, 1 h on Thursday
    assert cal.add_open_time(local(MANILA, 2026, 12, 7, 8), 10 * HOUR) == local(MANILA, 2026, 12, 10, 9)
    assert cal.open_seconds_between(local(MANILA, 2026, 12, 7), local(MANILA, 2026, 12, 14)) == 18 * HOUR


def test_a_target_more_than_a_week_away():
    # 100 h at 45 h a week, from Monday 2026-12-14 08:00; Christmas (Friday of the second week) is closed
    cal = calendar(holidays=["2026-12-25"])
    start = local(MANILA, 2026, 12, 14, 8)

    due = cal.add_open_time(start, 100 * HOUR)

    # 45 h, then 36 h, then 9 h on Monday, 9 h on Tuesday and 1 h on Wednesday of the third week
    assert due == local(MANILA, 2026, 12, 30, 9)
    assert cal.open_seconds_between(start, due) == 100 * HOUR


def test_a_hold_spanning_a_weekend_counts_only_open_time():
    # given a hold from Friday 15:00 to Monday 10:00 local
    held = calendar().open_seconds_between(local(MANILA, 2026, 12, 4, 15), local(MANILA, 2026, 12, 7, 10))

    # then 2 h on Friday and 2 h on Monday passed: the target moves by 4 h
    assert held == 4 * HOUR


def test_resuming_after_a_weekend_hold_moves_the_target_by_the_open_time_that_passed():
    # given a 4-hour SLA received Friday 2026-12-04 14:00 (due 18:00 would be closed: due Monday 09:00)
    cal = calendar()
    received = local(MANILA, 2026, 12, 4, 14)
    due = cal.add_open_time(received, 4 * HOUR)
    assert due == local(MANILA, 2026, 12, 7, 9)

    # when it is held from Friday 16:00 to Monday 10:00 (1 h on Friday, 2 h on Monday passed)
    held, resumed = local(MANILA, 2026, 12, 4, 16), local(MANILA, 2026, 12, 7, 10)
    moved = cal.add_open_time(due, cal.open_seconds_between(held, resumed))

    # then the target moves by those 3 open hours, the same as resuming with the open time that was left
    assert moved == local(MANILA, 2026, 12, 7, 12)
    assert cal.add_open_time(resumed, cal.open_seconds_between(held, due)) == moved


def test_receipt_while_closed_starts_the_clock_at_the_next_opening():
    cal = calendar()

    assert cal.add_open_time(local(MANILA, 2026, 12, 5, 10), HOUR) == local(MANILA, 2026, 12, 7, 9)  # Saturday
    assert cal.add_open_time(local(MANILA, 2026, 12, 7, 6), HOUR) == local(MANILA, 2026, 12, 7, 9)  # before opening
    assert cal.add_open_time(local(MANILA, 2026, 12, 7, 20), HOUR) == local(MANILA, 2026, 12, 8, 9)  # after closing


def test_a_target_that_uses_up_an_interval_ends_at_its_close_not_the_next_opening():
    assert calendar().add_open_time(local(MANILA, 2026, 12, 4, 16), HOUR) == local(MANILA, 2026, 12, 4, 17)


def test_a_split_day_skips_its_lunch_break():
    cal = calendar(weekdays=[["08:00", "12:00"], ["13:00", "17:00"]])

    assert cal.add_open_time(local(MANILA, 2026, 12, 7, 11), 2 * HOUR) == local(MANILA, 2026, 12, 7, 14)
    assert not cal.is_open(local(MANILA, 2026, 12, 7, 12, 30))


def test_zero_seconds_is_the_start_itself_and_open_time_is_zero_backwards():
    cal = calendar()
    saturday = local(MANILA, 2026, 12, 5, 10)

    assert cal.add_open_time(saturday, 0) == saturday
    assert cal.open_seconds_between(local(MANILA, 2026, 12, 7, 12), local(MANILA, 2026, 12, 7, 9)) == 0.0


def test_is_open_includes_the_opening_and_excludes_the_close():
    cal = calendar()

    assert cal.is_open(local(MANILA, 2026, 12, 7, 8))
    assert not cal.is_open(local(MANILA, 2026, 12, 7, 17))
    assert cal.next_open(local(MANILA, 2026, 12, 7, 9)) == local(MANILA, 2026, 12, 7, 9)


def test_24_00_ends_the_day_and_meets_the_next_days_midnight():
    cal = calendar(weekdays=[["20:00", "24:00"]], weekend=[["00:00", "02:00"]])

    # Friday 23:00 + 2 h: the last hour of Friday and the first of Saturday, without a gap at midnight
    assert cal.add_open_time(local(MANILA, 2026, 12, 4, 23), 2 * HOUR) == local(MANILA, 2026, 12, 5, 1)


# -- daylight saving -----------------------------------------------------------------------------------------------
# America/New_York: 2026-03-08 02:00 EST -> 03:00 EDT; 2026-11-01 02:00 EDT -> 01:00 EST (both Sundays).
# Europe/Berlin: 2026-03-29 02:00 CET -> 03:00 CEST; 2026-10-25 03:00 CEST -> 02:00 CET (both Sundays).


@pytest.mark.parametrize(
    ("zone", "day", "intervals", "hours"),
    [
        # hours that do not touch the change keep their length
        ("America/New_York", date(2026, 3, 8), [("08:00", "17:00")], 9),
        ("America/New_York", date(2026, 11, 1), [("08:00", "17:00")], 9),
        ("Europe/Berlin", date(2026, 3, 29), [("08:00", "17:00")], 9),
        ("Europe/Berlin", date(2026, 10, 25), [("08:00", "17:00")], 9),
        # hours spanning the change last as long as they really last
        ("America/New_York", date(2026, 3, 8), [("00:00", "24:00")], 23),
        ("America/New_York", date(2026, 11, 1), [("00:00", "24:00")], 25),
        ("America/New_York", date(2026, 3, 8), [("01:00", "04:00")], 2),
        ("America/New_York", date(2026, 11, 1), [("01:00", "04:00")], 4),
        ("Europe/Berlin", date(2026, 3, 29), [("01:00", "04:00")], 2),
        ("Europe/Berlin", date(2026, 10, 25), [("01:00", "04:00")], 4),
        # an opening inside the skipped hour opens at the jump (03:00); one wholly inside it is empty that day
        ("America/New_York", date(2026, 3, 8), [("02:30", "05:00")], 2),
        ("Europe/Berlin", date(2026, 3, 29), [("02:15", "02:45"), ("02:45", "04:00")], 1),
        ("Europe/Berlin", date(2026, 3, 29), [("02:15", "02:45")], 0),
        # a repeated time is its first occurrence: 01:00-01:30 is the first half hour only ...
        ("America/New_York", date(2026, 11, 1), [("01:00", "01:30")], 0.5),
        # ... and an interval ending after the repetition holds the repeated hour too
        ("America/New_York", date(2026, 11, 1), [("01:30", "02:00")], 1.5),
        ("Europe/Berlin", date(2026, 10, 25), [("02:00", "03:00")], 2),
    ],
)
def test_a_wall_clock_interval_on_a_change_day_lasts_as_long_as_it_really_does(zone, day, intervals, hours):
    cal = every_day(zone, *intervals)

    assert day_length(cal, ZoneInfo(zone), day) == hours * HOUR


def test_a_target_across_the_spring_forward_night_in_new_york():
    # given 00:00-24:00 on Sundays only; when 3 h are counted from Sunday 2026-03-08 00:00 EST
    cal = calendar("America/New_York", weekdays=[], sun=[["00:00", "24:00"]], sat=[])

    due = cal.add_open_time(local(NEW_YORK, 2026, 3, 8, 0), 3 * HOUR)

    # then the wall clock reads 04:00 (02:00-03:00 does not exist), and the instant is 3 real hours later
    assert due == local(NEW_YORK, 2026, 3, 8, 4)
    assert due - local(NEW_YORK, 2026, 3, 8, 0).astimezone(UTC) == timedelta(hours=3)


def test_a_target_across_the_fall_back_night_in_berlin():
    cal = calendar("Europe/Berlin", weekdays=[], sun=[["00:00", "24:00"]], sat=[])

    due = cal.add_open_time(local(BERLIN, 2026, 10, 25, 0), 3 * HOUR)

    # 00:00 CEST + 3 h is the second 02:00 (CET); aware comparisons across zones ignore fold, so compare in UTC
    assert due == local(BERLIN, 2026, 10, 25, 2, fold=1).astimezone(UTC)
    assert due.astimezone(BERLIN).utcoffset() == timedelta(hours=1)


def test_office_hours_keep_their_local_wall_clock_across_a_change():
    # Friday 16:00 EST + 4 h, with the clocks changing on the Sunday in between: due Monday 11:00 EDT
    cal = calendar("America/New_York")

    assert cal.add_open_time(local(NEW_YORK, 2026, 3, 6, 16), 4 * HOUR) == local(NEW_YORK, 2026, 3, 9, 11)
    assert cal.add_open_time(local(NEW_YORK, 2026, 10, 30, 16), 4 * HOUR) == local(NEW_YORK, 2026, 11, 2, 11)


def test_a_target_across_the_spring_forward_night_in_berlin_with_hours_spanning_the_jump():
    # given 01:00-04:00 every day; 01:00-02:00 CET passes, the clock jumps to 03:00 CEST, 30 more minutes pass
    cal = every_day("Europe/Berlin", ("01:00", "04:00"))

    due = cal.add_open_time(local(BERLIN, 2026, 3, 29, 1), 90 * 60)

    assert due == local(BERLIN, 2026, 3, 29, 3, 30)
    assert cal.add_open_time(local(BERLIN, 2026, 3, 29, 1), 3 * HOUR) == local(BERLIN, 2026, 3, 30, 2)


def test_office_hours_in_berlin_across_fall_back_keep_the_wall_clock():
    cal = calendar("Europe/Berlin")

    due = cal.add_open_time(local(BERLIN, 2026, 10, 23, 16), 4 * HOUR)

    assert due == local(BERLIN, 2026, 10, 26, 11)
    assert cal.open_seconds_between(local(BERLIN, 2026, 10, 23, 16), due) == 4 * HOUR


def test_a_skipped_date_has_no_open_time():
    # Samoa skipped 2011-12-30 altogether, moving across the date line
    apia = ZoneInfo("Pacific/Apia")
    cal = every_day("Pacific/Apia", ("00:00", "24:00"))

    assert day_length(cal, apia, date(2011, 12, 29)) == 24 * HOUR
    assert day_length(cal, apia, date(2011, 12, 30)) == 0
    assert cal.open_seconds_between(local(apia, 2011, 12, 29), local(apia, 2011, 12, 31)) == 24 * HOUR


# -- bounds --------------------------------------------------------------------------------------------------------


def test_holidays_closing_years_are_skipped_and_the_search_is_bounded():
    # given open only on Mondays, and every Monday of almost ten years a holiday
    mondays = [(date(2026, 12, 7) + timedelta(weeks=n)).isoformat() for n in range(MAX_HOLIDAYS)]
    cal = calendar(weekdays=[], mon=OFFICE, holidays=mondays)

    # then the next opening is the first Monday after them
    first_open_monday = date.fromisoformat(mondays[-1]) + timedelta(weeks=1)
    assert cal.next_open(local(MANILA, 2026, 12, 7, 9)) == local(
        MANILA, first_open_monday.year, first_open_monday.month, first_open_monday.day, 8
    )


def test_a_target_beyond_the_search_horizon_is_a_value_error():
    # one minute a week: ten years of open time lie ~5 million years away
    cal = calendar(weekdays=[], mon=[["09:00", "09:01"]])

    with pytest.raises(ValueError, match="not reached within"):
        cal.add_open_time(local(MANILA, 2026, 12, 7), 10 * 365 * 24 * HOUR)
    with pytest.raises(ValueError, match="longer than"):
        cal.open_seconds_between(local(MANILA, 2026, 12, 7), local(MANILA, 2026, 12, 7) + SEARCH_HORIZON + timedelta(days=1))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda cal: cal.add_open_time(datetime(2026, 12, 7), HOUR), "start must be an aware datetime"),
        (lambda cal: cal.add_open_time(local(MANILA, 2026, 12, 7), -1), "seconds must be"),
        (lambda cal: cal.add_open_time(local(MANILA, 2026, 12, 7), float("nan")), "seconds must be"),
        (lambda cal: cal.add_open_time(local(MANILA, 2026, 12, 7), float("inf")), "seconds must be"),
        (lambda cal: cal.add_open_time(local(MANILA, 2026, 12, 7), 1e30), "beyond the calendar|not reached within"),
        (lambda cal: cal.add_open_time(datetime(9999, 12, 1, tzinfo=UTC), 90 * 24 * HOUR), "beyond the calendar|too close to the end"),
        (lambda cal: cal.open_seconds_between(local(MANILA, 2026, 12, 7), datetime(2026, 12, 8)), "end must be"),
        (lambda cal: cal.is_open("2026-12-07T08:00:00Z"), "at must be"),
    ],
)
@pytest.mark.parametrize("cal", [calendar(), AROUND_THE_CLOCK], ids=["office", "around_the_clock"])
def test_bad_arguments_are_value_errors(cal, call, message):
    with pytest.raises(ValueError, match=message):
        call(cal)


# -- parsing -------------------------------------------------------------------------------------------------------


def test_none_is_around_the_clock_and_plain_arithmetic():
    cal = BusinessCalendar.parse(None)
    start = local(MANILA, 2026, 12, 5, 3)

    assert cal is AROUND_THE_CLOCK and cal.around_the_clock
    assert cal.to_definition() is None
    assert cal.add_open_time(start, 4 * HOUR) == start + timedelta(hours=4)
    assert cal.is_open(start) and cal.next_open(start) == start


def test_parse_normalises_and_round_trips():
    definition = {
        "timezone": "Europe/Berlin",
        "hours": {key: [["08:00", "12:00"], ["12:00", "17:00"]] for key in DAY_KEYS[:5]} | {"sat": [], "sun": [("10:00", "24:00")]},
        "holidays": ["2026-12-26", "2026-12-25", "2026-12-25"],
    }

    cal = BusinessCalendar.parse(definition)
    normalised = cal.to_definition()

    assert normalised == {
        "timezone": "Europe/Berlin",
        "hours": {key: [["08:00", "17:00"]] for key in DAY_KEYS[:5]} | {"sat": [], "sun": [["10:00", "24:00"]]},
        "holidays": ["2026-12-25", "2026-12-26"],
    }
    assert BusinessCalendar.parse(normalised) == cal
    assert hash(BusinessCalendar.parse(normalised)) == hash(cal)


def week(**days):
    return {key: [["08:00", "17:00"]] for key in DAY_KEYS} | days


@pytest.mark.parametrize(
    ("definition", "path", "message"),
    [
        ("Mon-Fri", "calendar", "must be an object"),
        ({"timezone": "Asia/Manila", "hours": week(), "weekends": []}, "calendar.weekends", "not a calendar key"),
        ({"hours": week()}, "calendar.timezone", "IANA time zone name"),
        ({"timezone": "Mars/Olympus", "hours": week()}, "calendar.timezone", "not a known IANA time zone"),
        ({"timezone": "../../etc/passwd", "hours": week()}, "calendar.timezone", "not a known IANA time zone"),
        ({"timezone": "localtime", "hours": week()}, "calendar.timezone", "not a known IANA time zone"),
        ({"timezone": 8, "hours": week()}, "calendar.timezone", "IANA time zone name"),
        ({"timezone": "Asia/Manila"}, "calendar.hours", "must be an object"),
        ({"timezone": "Asia/Manila", "hours": [["08:00", "17:00"]]}, "calendar.hours", "must be an object"),
        ({"timezone": "Asia/Manila", "hours": {key: [] for key in DAY_KEYS}}, "calendar.hours", "no open hours"),
        ({"timezone": "Asia/Manila", "hours": week(tues=[])}, "calendar.hours.tues", "is not a day"),
        ({"timezone": "Asia/Manila", "hours": {key: [] for key in DAY_KEYS[:6]}}, "calendar.hours.sun", "is required"),
        ({"timezone": "Asia/Manila", "hours": week(mon="08:00-17:00")}, "calendar.hours.mon", "must be a list"),
        ({"timezone": "Asia/Manila", "hours": week(tue=[["08:00"]])}, "calendar.hours.tue", "must be a list"),
        ({"timezone": "Asia/Manila", "hours": week(tue=[[8, 17]])}, "calendar.hours.tue", "must be a list"),
        ({"timezone": "Asia/Manila", "hours": week(wed=[["8:00", "17:00"]])}, "calendar.hours.wed", "HH:MM"),
        ({"timezone": "Asia/Manila", "hours": week(wed=[["08:00", "24:01"]])}, "calendar.hours.wed", "HH:MM"),
        ({"timezone": "Asia/Manila", "hours": week(wed=[["08:60", "17:00"]])}, "calendar.hours.wed", "HH:MM"),
        ({"timezone": "Asia/Manila", "hours": week(thu=[["24:00", "24:00"]])}, "calendar.hours.thu", "24:00 may only end"),
        ({"timezone": "Asia/Manila", "hours": week(thu=[["17:00", "08:00"]])}, "calendar.hours.thu", "must start before it ends"),
        ({"timezone": "Asia/Manila", "hours": week(fri=[["08:00", "08:00"]])}, "calendar.hours.fri", "must start before it ends"),
        ({"timezone": "Asia/Manila", "hours": week(fri=[["08:00", "12:00"], ["11:00", "17:00"]])}, "calendar.hours.fri", "overlaps"),
        ({"timezone": "Asia/Manila", "hours": week(fri=[["13:00", "17:00"], ["08:00", "12:00"]])}, "calendar.hours.fri", "sort them"),
        (
            {"timezone": "Asia/Manila", "hours": week(sat=[[f"{h:02d}:00", f"{h:02d}:30"] for h in range(MAX_INTERVALS_PER_DAY + 1)])},
            "calendar.hours.sat",
            f"at most {MAX_INTERVALS_PER_DAY} intervals",
        ),
        ({"timezone": "Asia/Manila", "hours": week(), "holidays": "2026-12-25"}, "calendar.holidays", "must be a list"),
        ({"timezone": "Asia/Manila", "hours": week(), "holidays": ["2026-02-30"]}, "calendar.holidays", "is not a"),
        ({"timezone": "Asia/Manila", "hours": week(), "holidays": ["20261225"]}, "calendar.holidays", "is not a"),
        ({"timezone": "Asia/Manila", "hours": week(), "holidays": [20261225]}, "calendar.holidays", "is not a"),
        ({"timezone": "Asia/Manila", "hours": week(), "holidays": ["2026-12-25"] * (MAX_HOLIDAYS + 1)}, "calendar.holidays", "at most"),
    ],
)
def test_an_invalid_calendar_is_a_validation_error_naming_the_field(definition, path, message):
    with pytest.raises(ValidationError) as caught:
        BusinessCalendar.parse(definition)

    assert path in caught.value.message_dict, caught.value.message_dict
    assert any(message in text for text in caught.value.message_dict[path]), caught.value.message_dict


def test_every_problem_is_named_at_once_under_the_given_path():
    definition = {"timezone": "Nowhere/Town", "hours": week(mon=[["09:00", "08:00"]]), "holidays": ["soon"]}

    with pytest.raises(ValidationError) as caught:
        BusinessCalendar.parse(definition, path="workflow.calendar")

    assert set(caught.value.message_dict) == {"workflow.calendar.timezone", "workflow.calendar.hours.mon", "workflow.calendar.holidays"}


# -- properties ----------------------------------------------------------------------------------------------------

ZONES = [
    "Asia/Manila",
    "America/New_York",
    "Europe/Berlin",
    "Europe/Dublin",  # negative daylight saving in tzdata
    "Australia/Lord_Howe",  # a 30-minute change
    "America/Santiago",  # changes at midnight
    "Pacific/Apia",  # skipped a whole date
    "Asia/Kathmandu",  # +05:45
    "UTC",
]


@st.composite
def intervals(draw):
    cuts = sorted(draw(st.sets(st.integers(0, 96).map(lambda quarter: quarter * 15), max_size=2 * MAX_INTERVALS_PER_DAY)))
    pairs = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    return [[f"{start // 60:02d}:{start % 60:02d}", f"{end // 60:02d}:{end % 60:02d}"] for start, end in pairs]


@cache
def offset_changes(timezone):
    """The instants (to within six hours after) at which ``timezone``'s UTC offset changed, 2010-2030."""
    zone, changes = ZoneInfo(timezone), []
    instant = datetime(2010, 1, 1, tzinfo=UTC)
    previous = instant.astimezone(zone).utcoffset()
    while instant < datetime(2031, 1, 1, tzinfo=UTC):
        instant += timedelta(hours=6)
        if (offset := instant.astimezone(zone).utcoffset()) != previous:
            changes.append(instant)
            previous = offset
    return changes


instants = st.datetimes(datetime(2010, 1, 1), datetime(2030, 12, 31), timezones=st.just(UTC))
durations = st.floats(0, 60 * 24 * HOUR, allow_nan=False, allow_infinity=False)
durations_up_to_a_week = st.floats(0, 7 * 24 * HOUR, allow_nan=False, allow_infinity=False)


@st.composite
def calendars_and_instants(draw):
    """A valid calendar and an instant; the instant often lies within days of one of the zone's offset changes, and
    the holidays fall in the weeks around it, where the arithmetic will walk."""
    timezone = draw(st.sampled_from(ZONES))
    hours = {key: draw(intervals()) for key in DAY_KEYS}
    if not any(hours.values()):
        hours[draw(st.sampled_from(DAY_KEYS))] = [["09:00", "10:00"]]
    changes = offset_changes(timezone)
    if changes and draw(st.booleans()):
        at = draw(st.sampled_from(changes)) + timedelta(seconds=draw(st.integers(-3 * 24 * HOUR, 24 * HOUR)))
    else:
        at = draw(instants)
    near = st.integers(-7, 70).map(lambda days: (at.date() + timedelta(days=days)).isoformat())
    holidays = draw(st.lists(near, max_size=30))
    return BusinessCalendar.parse({"timezone": timezone, "hours": hours, "holidays": holidays}), at


def add_open_time_within_horizon(cal, start, seconds):
    """``cal.add_open_time(start, seconds)``, or None where a sparse calendar (15 minutes a week can be drawn) holds
    less open time than that within the search horizon; then the refusal must be true."""
    try:
        return cal.add_open_time(start, seconds)
    except ValueError:
        assert cal.open_seconds_between(start, start + SEARCH_HORIZON) < seconds
        return None


@settings(max_examples=150, deadline=None)
@given(case=calendars_and_instants(), seconds=durations)
def test_the_open_time_between_receipt_and_target_is_the_sla(case, seconds):
    cal, start = case
    due = add_open_time_within_horizon(cal, start, seconds)
    if due is None:
        return

    assert due >= start
    assert cal.open_seconds_between(start, due) == pytest.approx(seconds, abs=1e-6)
    if seconds >= 1e-3:
        # the earliest such instant: a millisecond before it, less open time had passed, and the calendar was open
        assert cal.open_seconds_between(start, due - timedelta(milliseconds=1)) < seconds
        assert cal.is_open(due - timedelta(microseconds=1))


@settings(max_examples=100, deadline=None)
@given(case=calendars_and_instants(), first=durations, second=durations)
def test_a_longer_sla_is_never_due_earlier(case, first, second):
    cal, start = case
    shorter, longer = sorted((first, second))

    later = add_open_time_within_horizon(cal, start, longer)
    if later is not None:
        assert cal.add_open_time(start, shorter) <= later


@settings(max_examples=100, deadline=None)
@given(case=calendars_and_instants())
def test_the_next_opening_is_open_and_nothing_before_it_is(case):
    cal, at = case
    opens = cal.next_open(at)

    assert opens >= at and cal.is_open(opens)
    assert cal.open_seconds_between(at, opens) == 0
    assert cal.is_open(at) == (opens == at)


@settings(max_examples=100, deadline=None)
@given(case=calendars_and_instants())
def test_an_instant_is_open_exactly_when_open_time_passes_right_after_it(case):
    cal, at = case
    # is_open looks at the instant's own day; open_seconds_between walks from it: they agree
    assert cal.is_open(at) == (cal.open_seconds_between(at, at + timedelta(microseconds=1)) > 0)


@settings(max_examples=100, deadline=None)
@given(case=calendars_and_instants(), middle=durations, end=durations)
def test_open_time_adds_up_over_consecutive_spans(case, middle, end):
    cal, start = case
    first, second = start + timedelta(seconds=min(middle, end)), start + timedelta(seconds=max(middle, end))

    assert cal.open_seconds_between(start, second) == pytest.approx(
        cal.open_seconds_between(start, first) + cal.open_seconds_between(first, second), abs=1e-6
    )


@settings(max_examples=100, deadline=None)
@given(case=calendars_and_instants(), to_target=durations_up_to_a_week, to_resume=durations_up_to_a_week)
def test_moving_a_target_by_a_hold_equals_resuming_with_the_time_left(case, to_target, to_resume):
    # two ways a resume can move a target (hold at `held`): shift the old target by the open time the hold lasted,
    # or count from the resume the open time that was left; with a hold before the target they agree
    cal, held = case
    target, resumed = held + timedelta(seconds=to_target), held + timedelta(seconds=to_resume)
    left, passed = cal.open_seconds_between(held, target), cal.open_seconds_between(held, resumed)
    assume(left > 0 and passed > 0)
    shifted = add_open_time_within_horizon(cal, target, passed)
    counted = add_open_time_within_horizon(cal, resumed, left)
    assume(shifted is not None and counted is not None)

    assert abs(shifted - counted) <= timedelta(microseconds=2)


@given(start=instants, seconds=st.floats(0, 10 * 365 * 24 * HOUR, allow_nan=False))
def test_around_the_clock_is_plain_addition(start, seconds):
    due = AROUND_THE_CLOCK.add_open_time(start, seconds)

    assert due == start + timedelta(seconds=seconds)
    assert AROUND_THE_CLOCK.open_seconds_between(start, due) == (due - start).total_seconds()


@settings(max_examples=100, deadline=None)
@given(case=calendars_and_instants())
def test_the_definition_round_trips(case):
    cal, _ = case
    assert BusinessCalendar.parse(json.loads(json.dumps(cal.to_definition()))) == cal
