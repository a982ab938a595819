"""The "enabling or supporting?" guide: everyday situations, per language, from content/<lang>.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from alongside.core.content import active_language, load_language_yaml

CONTENT_DIR = Path(__file__).resolve().parent / "content"
VERDICTS = ("enabling", "supporting", "depends")


@dataclass(frozen=True)
class Situation:
    key: str
    verdict: str
    situation: str
    why: str
    better: str


@dataclass(frozen=True)
class Guide:
    intro: str
    situations: tuple[Situation, ...]
    sources: tuple[dict, ...]
    reviewed: str


@lru_cache(maxsize=8)
def load(language: str) -> Guide:
    data = load_language_yaml(CONTENT_DIR, language)
    return Guide(
        intro=data["intro"],
        situations=tuple(Situation(**row) for row in data["situations"]),
        sources=tuple(data.get("sources", [])),
        reviewed=str(data.get("reviewed", "")),
    )


def current() -> Guide:
    return load(active_language())
