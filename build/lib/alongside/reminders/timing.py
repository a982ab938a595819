"""Time rules for reminders, as pure functions.

Days are counted on the wall clock of the member's (or circle's) time zone, so "a day before
a 9:00 appointment" is 9:00 the day before even across a daylight-saving change. Hours are
real elapsed hours.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


def before(moment: datetime, tz_name: str, *, days: int = 0, hours: int = 0) -> datetime:
    """The moment ``days`` calendar days and ``hours`` real hours before ``moment`` (aware)."""
    tz = ZoneInfo(tz_name)
    local = moment.astimezone(tz)
    if days:
        wall = local.replace(tzinfo=None) - timedelta(days=days)
        local = wall.replace(tzinfo=tz)  # the same wall-clock time on the earlier day
        # A wall time that does not exist (spring forward gap) moves forward by the gap.
        local = local.astimezone(ZoneInfo("UTC")).astimezone(tz)
    return local.astimezone(ZoneInfo("UTC")) - timedelta(hours=hours)


def in_quiet_hours(moment: datetime, tz_name: str, start: time | None, end: time | None) -> bool:
    if start is None or end is None or start == end:
        return False
    local = moment.astimezone(ZoneInfo(tz_name)).time()
    if start < end:
        return start <= local < end
    return local >= start or local < end  # quiet hours across midnight


def end_of_quiet_hours(moment: datetime, tz_name: str, start: time | None, end: time | None) -> datetime:
    """When a message held by quiet hours may go: ``moment`` itself outside quiet hours,
    otherwise the next local ``end`` time."""
    if not in_quiet_hours(moment, tz_name, start, end):
        return moment
    tz = ZoneInfo(tz_name)
    local = moment.astimezone(tz)
    candidate = datetime.combine(local.date(), end)
    if local.time() >= end:
        candidate += timedelta(days=1)
    return candidate.replace(tzinfo=tz).astimezone(ZoneInfo("UTC"))


def backoff(attempts: int, *, base_seconds: int = 60, cap_seconds: int = 6 * 3600) -> timedelta:
    """Wait before the next try: 1, 2, 4, 8 ... minutes, at most six hours."""
    return timedelta(seconds=min(cap_seconds, base_seconds * 2 ** max(0, attempts - 1)))
