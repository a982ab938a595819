"""The "enabling or supporting?" guide: everyday situations, per language, from content/<lang>.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.conf import settings
from django.utils import translation

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
    path = CONTENT_DIR / f"{language}.yaml"
    if not path.exists():
        path = CONTENT_DIR / f"{settings.LANGUAGE_CODE}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Guide(
        intro=data["intro"],
        situations=tuple(Situation(**row) for row in data["situations"]),
        sources=tuple(data.get("sources", [])),
        reviewed=str(data.get("reviewed", "")),
    )


def current() -> Guide:
    return load((translation.get_language() or settings.LANGUAGE_CODE).split("-")[0])
