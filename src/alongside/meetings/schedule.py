"""Weekly meeting times: the next occurrence and its wall-clock time in another zone.

A meeting meets every week on ``day`` (0 = Sunday) at ``time`` in its own IANA zone. The
viewer's wall-clock time for it depends on the date (daylight saving differs between zones),
so conversion always goes through a real, dated occurrence.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from django.db.models import Q
from django.utils import timezone


@lru_cache(maxsize=512)
def zone(name: str) -> tzinfo:
    """The zone by IANA name; UTC for an unknown or empty name."""
    if not is_valid_zone(name):
        return zoneinfo.ZoneInfo("UTC")
    return zoneinfo.ZoneInfo(name)


def is_valid_zone(name: str) -> bool:
    # A name from a query string can be anything: 300 characters made ZoneInfo look for a file
    # whose name is too long (OSError, a 500). Only names the tz database lists are tried.
    if not name or len(name) > 64:
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def python_weekday(day: int) -> int:
    """Our day (0 = Sunday) to Python's (0 = Monday)."""
    return (day - 1) % 7


def our_day(d: date) -> int:
    """A date's weekday in our convention (0 = Sunday)."""
    return (d.weekday() + 1) % 7


def next_occurrence(day: int, at: time, zone_name: str, now: datetime | None = None) -> datetime:
    """The next start at or after ``now``, as an aware datetime in the meeting's zone."""
    tz = zone(zone_name)
    now = (now or timezone.now()).astimezone(tz)
    ahead = (python_weekday(day) - now.weekday()) % 7
    for extra in (0, 7):
        d = now.date() + timedelta(days=ahead + extra)
        start = datetime.combine(d, at, tzinfo=tz)
        # Round-trip through UTC so a time inside a spring-forward gap lands on a real instant.
        start = start.astimezone(UTC).astimezone(tz)
        if start.astimezone(UTC) >= now.astimezone(UTC):
            return start
    raise AssertionError("unreachable: a weekly time recurs within 14 days")


def starts_within(meeting, now: datetime, hours: float = 24) -> datetime | None:
    """The meeting's next start if it falls within ``hours`` from ``now``; otherwise None."""
    if meeting.day is None or meeting.time is None:
        return None
    start = next_occurrence(meeting.day, meeting.time, meeting.time_zone, now)
    return start if start - now <= timedelta(hours=hours) else None


def window_q(now: datetime, hours: float, zone_names) -> Q:
    """A filter for meetings whose weekly (day, time) falls in the window, zone by zone: a
    superset of the exact answer (one hour of slack on each side for daylight-saving edges),
    which ``starts_within`` then decides."""
    slack = timedelta(hours=1)
    q = Q(pk__in=[])
    for name in zone_names:
        tz = zone(name)
        start = (now - slack).astimezone(tz).replace(tzinfo=None)
        end = (now + timedelta(hours=hours) + slack).astimezone(tz).replace(tzinfo=None)
        d = start.date()
        while d <= end.date():
            part = Q(time_zone=name, day=our_day(d))
            if d == start.date():
                part &= Q(time__gte=start.time())
            if d == end.date():
                part &= Q(time__lte=end.time())
            q |= part
            d += timedelta(days=1)
    return q


def wall_clock(moment: datetime, zone_name: str) -> datetime:
    """The moment as a naive wall-clock datetime in ``zone_name``, ready for the date filter
    (which would otherwise convert aware values to the server's zone)."""
    return moment.astimezone(zone(zone_name)).replace(tzinfo=None)
