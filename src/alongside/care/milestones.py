"""Days counted toward the person's own goal, as pure functions on calendar dates.

Dates are the person's local calendar days (the circle's time zone), so a day boundary is
midnight where they live. A setback ends the current streak; it never erases the days before it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

DAY_MILESTONES = (1, 7, 14, 30, 60, 90)
MONTH_MILESTONES = (6, 9)  # then 1 year and every year


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later; the 31st becomes the month's last day (29 Feb -> 28 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Progress:
    current_days: int  # days in the current streak, counting today
    longest_days: int
    total_days: int  # all days without use since the first start
    current_start: date | None


def progress(start: date, setbacks: list[date], today: date) -> Progress:
    """``start`` is the first day of the chosen run; each setback day ends a streak, and the
    next day starts a new one. A setback on ``today`` leaves the current streak at 0."""
    if today < start:
        return Progress(0, 0, 0, None)
    relevant = sorted({d for d in setbacks if start <= d <= today})
    streaks: list[int] = []
    run_start = start
    for setback in relevant:
        streaks.append((setback - run_start).days)
        run_start = setback + timedelta(days=1)
    current = (today - run_start).days + 1 if run_start <= today else 0
    streaks.append(current)
    return Progress(current, max(streaks), sum(streaks), run_start if current else None)


@dataclass(frozen=True)
class Stretch:
    start: date
    end: date  # the last day counted (the day before the setback, or today)
    days: int
    ended_by: date | None  # the setback that ended it; None for the current stretch
    reached: list  # milestones reached within it


def stretches(start: date, setbacks: list[date], today: date) -> list[Stretch]:
    """Every stretch from ``start`` to ``today``, oldest first, each with the milestones it
    reached. A stretch of 0 days (a setback the day after another) is left out."""
    if today < start:
        return []
    found: list[Stretch] = []
    run_start = start
    for setback in sorted({d for d in setbacks if start <= d <= today}):
        days = (setback - run_start).days
        if days > 0:
            end = setback - timedelta(days=1)
            found.append(Stretch(run_start, end, days, setback, milestones(run_start, end)))
        run_start = setback + timedelta(days=1)
    if run_start <= today:
        found.append(
            Stretch(run_start, today, (today - run_start).days + 1, None, milestones(run_start, today))
        )
    return found


@dataclass(frozen=True)
class Milestone:
    label_key: str  # "days", "months" or "years"
    amount: int
    on: date


def milestones(run_start: date, until: date) -> list[Milestone]:
    """Every milestone of a streak that started on ``run_start`` and is reached by ``until``.
    Day N is reached on the start day plus N-1 (the first day counts as day 1)."""
    found: list[Milestone] = []
    for days in DAY_MILESTONES:
        on = run_start + timedelta(days=days - 1)
        if on <= until:
            found.append(Milestone("days", days, on))
    for months in MONTH_MILESTONES:
        on = add_months(run_start, months) - timedelta(days=1)
        if on <= until:
            found.append(Milestone("months", months, on))
    year = 1
    while (on := add_months(run_start, 12 * year) - timedelta(days=1)) <= until:
        found.append(Milestone("years", year, on))
        year += 1
    return found


def next_milestone(run_start: date, today: date) -> Milestone:
    reached = {(m.label_key, m.amount) for m in milestones(run_start, today)}
    candidates = milestones(run_start, add_months(today, 13))
    return next(m for m in candidates if (m.label_key, m.amount) not in reached)
