"""VTIMEZONE blocks that stay true for open-ended repeats, long after 2037.

A list of dated transitions (what ``icalendar`` generates) ends in 2038, and some readers then
treat every later summer as winter. Zones follow yearly rules ("second Sunday in March"), so we
describe each zone by its rule (an RRULE per observance), read from the system's tz database,
and check that rule against the database across the years a calendar may reach.
"""

from __future__ import annotations

import calendar as month_calendar
from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
CHECK_UNTIL = 2100


def _transitions(tz: ZoneInfo, year: int) -> list[datetime]:
    """The UTC moments in ``year`` when the zone's offset changes, to the minute."""
    found = []
    start = datetime(year, 1, 1, tzinfo=UTC)
    previous = start
    for day in range(1, 367):
        moment = start + timedelta(days=day)
        if previous.astimezone(tz).utcoffset() != moment.astimezone(tz).utcoffset():
            low, high = previous, moment
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                if low.astimezone(tz).utcoffset() == middle.astimezone(tz).utcoffset():
                    low = middle
                else:
                    high = middle
            found.append(high.replace(second=0, microsecond=0))
        previous = moment
    return found


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date | None:
    days = [
        d
        for d in month_calendar.Calendar().itermonthdates(year, month)
        if d.month == month and d.weekday() == weekday
    ]
    if n > len(days):
        return None
    return days[n - 1] if n > 0 else days[n]


def _local_wall(tz: ZoneInfo, moment: datetime) -> datetime:
    """The wall-clock time just before a transition, as the RFC 5545 DTSTART of the observance."""
    before = (moment - timedelta(minutes=1)).astimezone(tz)
    return (before + timedelta(minutes=1)).replace(tzinfo=None)


def _on_or_after(year: int, month: int, weekday: int, first_day: int) -> date | None:
    """The first ``weekday`` on or after ``first_day`` of the month (tz database "Sun>=2")."""
    days_in_month = month_calendar.monthrange(year, month)[1]
    for day in range(first_day, min(first_day + 7, days_in_month + 1)):
        if date(year, month, day).weekday() == weekday:
            return date(year, month, day)
    return None


def _rule_for(tz: ZoneInfo, moment: datetime, first_year: int) -> dict | None:
    """The yearly rule that gives this transition and the matching one in the sample years up to
    CHECK_UNTIL: "the n-th (or last) weekday of a month", or "the first weekday on or after a day"
    (as the tz database writes Chile's "Sun>=2"); None when the zone follows no such rule."""
    wall = _local_wall(tz, moment)
    nth = (wall.day - 1) // 7 + 1
    candidates = []
    for n in dict.fromkeys([nth, -1] if nth < 5 else [-1]):
        candidates.append(
            (
                {"FREQ": "YEARLY", "BYMONTH": wall.month, "BYDAY": f"{n}{DAYS[wall.weekday()]}"},
                lambda year, n=n: _nth_weekday(year, wall.month, wall.weekday(), n),
            )
        )
    for first_day in range(max(1, wall.day - 6), wall.day + 1):
        if first_day + 6 <= month_calendar.monthrange(wall.year, wall.month)[1]:
            candidates.append(
                (
                    {
                        "FREQ": "YEARLY",
                        "BYMONTH": wall.month,
                        "BYDAY": DAYS[wall.weekday()],
                        "BYMONTHDAY": list(range(first_day, first_day + 7)),
                    },
                    lambda year, d=first_day: _on_or_after(year, wall.month, wall.weekday(), d),
                )
            )
    for rule, day_in in candidates:
        if day_in(wall.year) != wall.date():
            continue
        if all(_matches(tz, year, wall, day_in(year)) for year in _sample_years(first_year)):
            return rule
    return None


def _sample_years(first_year: int) -> list[int]:
    return sorted({first_year + 1, first_year + 2, first_year + 5, 2037, 2038, 2040, 2050, 2075, CHECK_UNTIL})


def _matches(tz: ZoneInfo, year: int, wall: datetime, day: date | None) -> bool:
    if day is None:
        return False
    expected = datetime.combine(day, wall.time())
    return any(_local_wall(tz, t) == expected for t in _transitions(tz, year))


def _offset(tz: ZoneInfo, moment: datetime) -> timedelta:
    return moment.astimezone(tz).utcoffset()


@cache
def vtimezone(tz_name: str, first_year: int) -> Timezone | None:
    """A VTIMEZONE for ``tz_name`` valid from ``first_year`` on, by yearly rules; None when the
    zone cannot be described by rules (the caller then lets icalendar list the transitions)."""
    tz = ZoneInfo(tz_name)
    component = Timezone()
    component.add("tzid", tz_name)
    moments = _transitions(tz, first_year)
    if not moments:
        # No change this year: one observance, as long as no later year changes either.
        if any(_transitions(tz, year) for year in _sample_years(first_year)):
            return None
        standard = TimezoneStandard()
        offset = _offset(tz, datetime(first_year, 1, 1, tzinfo=UTC))
        standard.add("dtstart", datetime(first_year, 1, 1))
        standard.add("tzoffsetfrom", offset)
        standard.add("tzoffsetto", offset)
        standard.add("tzname", datetime(first_year, 1, 1, tzinfo=UTC).astimezone(tz).tzname())
        component.add_component(standard)
        return component
    for moment in moments:
        rule = _rule_for(tz, moment, first_year)
        if rule is None:
            return None
        after = moment.astimezone(tz)
        observance = TimezoneDaylight() if after.dst() else TimezoneStandard()
        observance.add("dtstart", _local_wall(tz, moment))
        observance.add("tzoffsetfrom", _offset(tz, moment - timedelta(minutes=1)))
        observance.add("tzoffsetto", _offset(tz, moment))
        observance.add("tzname", after.tzname())
        observance.add("rrule", vRecur(rule))
        component.add_component(observance)
    return component


@cache
def vtimezone_listed(tz_name: str, first_year: int) -> Timezone:
    """For a zone without yearly rules: one observance per transition from ``first_year`` to
    CHECK_UNTIL, each with its own DTSTART (no RDATE lists, which some readers misread)."""
    tz = ZoneInfo(tz_name)
    component = Timezone()
    component.add("tzid", tz_name)
    start = datetime(first_year, 1, 1, tzinfo=UTC)
    first = TimezoneStandard()
    first.add("dtstart", datetime(first_year, 1, 1))
    first.add("tzoffsetfrom", _offset(tz, start))
    first.add("tzoffsetto", _offset(tz, start))
    first.add("tzname", start.astimezone(tz).tzname())
    component.add_component(first)
    for year in range(first_year, CHECK_UNTIL):
        for moment in _transitions(tz, year):
            after = moment.astimezone(tz)
            observance = TimezoneDaylight() if after.dst() else TimezoneStandard()
            observance.add("dtstart", _local_wall(tz, moment))
            observance.add("tzoffsetfrom", _offset(tz, moment - timedelta(minutes=1)))
            observance.add("tzoffsetto", _offset(tz, moment))
            observance.add("tzname", after.tzname())
            component.add_component(observance)
    return component
