"""The rewards schedule, on contingency-management lines, as a pure function.

How it works (after the schedules used in research, e.g. NIDA's contingency-management work):
- each verified success earns a reward; the value starts small and rises by ``step`` with each
  consecutive success, up to ``max_value``;
- every ``bonus_every`` consecutive successes add a ``bonus``;
- a miss (a positive or missed test, a missed session) earns nothing and resets the value to
  ``start_value``;
- after a reset, ``recover_after`` consecutive successes bring the value back to where it was
  before the miss;
- earned rewards are never taken back; the total never goes past ``budget`` (the family's cap).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Schedule:
    start_value: Decimal
    step: Decimal
    max_value: Decimal
    bonus_every: int = 0
    bonus: Decimal = Decimal("0")
    recover_after: int = 3
    budget: Decimal | None = None


@dataclass(frozen=True)
class Entry:
    success: bool
    value: Decimal  # the reward for this step (before the bonus)
    bonus: Decimal
    earned: Decimal  # what is actually owed for this step, after the budget cap
    total: Decimal  # running total earned
    streak: int  # consecutive successes so far
    capped: bool  # the budget cap limited this step


def run(schedule: Schedule, outcomes: list[bool]) -> list[Entry]:
    """Apply the schedule to a list of outcomes (True = verified success), in order."""
    entries: list[Entry] = []
    total = Decimal("0")
    level = schedule.start_value  # the value the next success earns
    streak = 0
    level_before_reset: Decimal | None = None
    successes_since_reset = 0
    for success in outcomes:
        if not success:
            if streak or level > schedule.start_value:
                level_before_reset = max(level, level_before_reset or Decimal("0"))
            level = schedule.start_value
            streak = 0
            successes_since_reset = 0
            entries.append(Entry(False, Decimal("0"), Decimal("0"), Decimal("0"), total, 0, False))
            continue
        streak += 1
        value = level
        bonus = (
            schedule.bonus if schedule.bonus_every and streak % schedule.bonus_every == 0 else Decimal("0")
        )
        owed = value + bonus
        capped = False
        if schedule.budget is not None and total + owed > schedule.budget:
            owed = max(Decimal("0"), schedule.budget - total)
            capped = True
        total += owed
        entries.append(Entry(True, value, bonus, owed, total, streak, capped))
        # The next success earns one step more, or jumps back to the old level after a quick return.
        if level_before_reset is not None:
            successes_since_reset += 1
            if successes_since_reset >= schedule.recover_after:
                # Recovering restores the earlier value, but never pays less than the climb
                # since the miss has already reached.
                level = min(schedule.max_value, max(level_before_reset, level + schedule.step))
                level_before_reset = None
                continue
        level = min(schedule.max_value, level + schedule.step)
    return entries
