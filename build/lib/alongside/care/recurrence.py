"""Repeating appointments: the same wall-clock time in the circle's time zone, so a 7:30 dosing
visit stays at 7:30 on both sides of a daylight-saving change."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

NONE, DAILY, WEEKDAYS, WEEKLY = "none", "daily", "weekdays", "weekly"


def _local(day: date, at: time, tz: ZoneInfo) -> datetime:
    # fold=0 picks the first of two repeated wall times; a time in a spring-forward gap is
    # normalised forward by the round trip through UTC.
    return datetime.combine(day, at, tzinfo=tz).astimezone(ZoneInfo("UTC")).astimezone(tz)


def occurrences(
    first_start: datetime,
    tz_name: str,
    rule: str,
    *,
    window_start: datetime,
    window_end: datetime,
    repeat_until: date | None = None,
) -> Iterator[datetime]:
    """Start times (aware, in the circle's zone) that fall in [window_start, window_end)."""
    tz = ZoneInfo(tz_name)
    local_first = first_start.astimezone(tz)
    at = local_first.timetz().replace(tzinfo=None)
    if rule == NONE:
        if window_start <= first_start < window_end:
            yield local_first
        return
    step = timedelta(days=7) if rule == WEEKLY else timedelta(days=1)
    day = local_first.date()
    # Skip ahead to the window without walking every day since the first one.
    window_day = window_start.astimezone(tz).date()
    if window_day > day:
        gap = (window_day - day).days
        day += timedelta(days=(gap // step.days) * step.days)
    last_day = window_end.astimezone(tz).date()
    if repeat_until is not None:
        last_day = min(last_day, repeat_until)
    while day <= last_day:
        if rule != WEEKDAYS or day.weekday() < 5:
            start = _local(day, at, tz)
            if window_start <= start < window_end and start >= local_first:
                yield start
        day += step
