"""Active risk periods: which events still raise overdose risk today, and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import yaml

from alongside.safety.content import CONTENT_DIR, LANGUAGES
from alongside.safety.models import RiskEvent, RiskKind

TOLERANCE_KINDS = {
    RiskKind.LEFT_DETOX,
    RiskKind.LEFT_TREATMENT,
    RiskKind.LEFT_HOSPITAL,
    RiskKind.LEFT_JAIL,
    RiskKind.RELAPSE_AFTER_BREAK,
}


@lru_cache(maxsize=1)
def rules() -> dict:
    return yaml.safe_load((CONTENT_DIR / "risk.yaml").read_text(encoding="utf-8"))


def window_days(kind: str) -> int:
    return int(rules()["kinds"][kind]["days"])


@dataclass(frozen=True)
class Notice:
    event: RiskEvent
    ends_on: date
    days_left: int
    reason: str


def ends_on(event: RiskEvent) -> date:
    """The last day of the period (the start day counts as day 1)."""
    return event.started_on + timedelta(days=window_days(event.kind) - 1)


def is_active(event: RiskEvent, today: date) -> bool:
    return event.started_on <= today <= ends_on(event)


def advice(language: str) -> dict:
    return rules()["advice"][language if language in LANGUAGES else "en"]


def notices(events, today: date, language: str) -> list[Notice]:
    words = advice(language)
    found = []
    for event in events:
        if not is_active(event, today):
            continue
        if event.kind in TOLERANCE_KINDS:
            reason = words["tolerance"]
        elif event.kind == RiskKind.MIXING:
            reason = words["mixing"]
        else:
            reason = words["alone"]
        end = ends_on(event)
        found.append(Notice(event=event, ends_on=end, days_left=(end - today).days + 1, reason=reason))
    return found
