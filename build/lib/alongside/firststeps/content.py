"""First-steps content: situations with next actions, and the family path, per language."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.conf import settings
from django.utils import translation

from alongside.core import links

CONTENT_DIR = Path(__file__).resolve().parent / "content"


@dataclass(frozen=True)
class Action:
    link: str
    title: str
    why: str

    def url(self, circle_id=None, role: str | None = None) -> str | None:
        return links.resolve(self.link, circle_id, role)

    @property
    def needs_circle(self) -> bool:
        return links.needs_circle(self.link)


@dataclass(frozen=True)
class Situation:
    key: str
    label: str
    actions: tuple[Action, ...]
    emergency: bool = False


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    reading: str
    exercise: str
    exercise_text: str


@dataclass(frozen=True)
class Content:
    intro: str
    situations: tuple[Situation, ...]
    path: tuple[Step, ...]
    sources: tuple[dict, ...]
    reviewed: str

    def situation(self, key: str) -> Situation | None:
        return next((s for s in self.situations if s.key == key), None)

    def step(self, key: str) -> Step | None:
        return next((s for s in self.path if s.key == key), None)


@lru_cache(maxsize=8)
def load(language: str) -> Content:
    path = CONTENT_DIR / f"{language}.yaml"
    if not path.exists():
        path = CONTENT_DIR / f"{settings.LANGUAGE_CODE}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Content(
        intro=data["intro"],
        situations=tuple(
            Situation(
                key=s["key"],
                label=s["label"],
                emergency=bool(s.get("emergency")),
                actions=tuple(Action(**a) for a in s.get("actions", [])),
            )
            for s in data["situations"]
        ),
        path=tuple(Step(**step) for step in data["path"]),
        sources=tuple(data["sources"]),
        reviewed=str(data["reviewed"]),
    )


def current() -> Content:
    return load((translation.get_language() or settings.LANGUAGE_CODE)[:2])
