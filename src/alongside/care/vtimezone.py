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
    days = [d for d in month_calendar.Calendar().itermonthdates(year, month) if d.month == month and d.weekday() == weekday]
    if n > len(days):
        return None
    return days[n - 1] if n > 0 else days[n]


def _local_wall(tz: ZoneInfo, moment: datetime) -> datetime:
    """The wall-clock time just before a transition, as the RFC 5545 DTSTART of the observance."""
    before = (moment - timedelta(minutes=1)).astimezone(tz)
    return (before + timedelta(minutes=1)).replace(tzinfo=None)


def _rule_for(tz: ZoneInfo, moment: datetime, first_year: int) -> dict | None:
    """The yearly rule ("n-th weekday of a month at a wall time") that gives this transition and
    the matching one in every year up to CHECK_UNTIL, or None when the zone has no such rule."""
    wall = _local_wall(tz, moment)
    nth = (wall.day - 1) // 7 + 1
    for n in dict.fromkeys([nth, -1] if nth < 5 else [-1]):
        if _nth_weekday(wall.year, wall.month, wall.weekday(), n) != wall.date():
            continue
        if all(_matches(tz, year, wall, n) for year in _sample_years(first_year)):
            return {"FREQ": "YEARLY", "BYMONTH": wall.month, "BYDAY": f"{n}{DAYS[wall.weekday()]}"}
    return None


def _sample_years(first_year: int) -> list[int]:
    return sorted({first_year + 1, first_year + 2, first_year + 5, 2037, 2038, 2040, 2050, 2075, CHECK_UNTIL})


def _matches(tz: ZoneInfo, year: int, wall: datetime, n: int) -> bool:
    day = _nth_weekday(year, wall.month, wall.weekday(), n)
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
