"""The programme's content: CRAFT's eight skills in CRAFT's order, per language.

``content/<lang>.yaml`` holds ``reviewed`` and ``skills`` (slug, title, summary, explanation,
example, worksheet_help, practice, follow_up, related, sources). The slugs and their order are
the same in every language; the Markdown fields are rendered by the library's renderer, so their
``article:``, ``glossary:`` and ``app:`` links resolve as in the library.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.safestring import mark_safe

from alongside.core.content import active_language, load_language_yaml
from alongside.library.content import render

CONTENT_DIR = Path(__file__).resolve().parent / "content"

# CRAFT's order. Every language lists exactly these, in this order (a test checks it).
SLUGS = (
    "understanding-use",
    "staying-safe",
    "positive-communication",
    "rewarding-non-use",
    "natural-consequences",
    "problem-solving",
    "your-own-life",
    "inviting-to-treatment",
)
MARKDOWN_FIELDS = ("explanation", "example", "practice")


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    url: str


@dataclass(frozen=True)
class Skill:
    slug: str
    number: int
    title: str
    summary: str
    explanation: str
    example: str
    worksheet_help: str
    practice: str
    follow_up: str
    related: tuple[str, ...]
    sources: tuple[Source, ...]

    def html(self, field: str, circle_id=None, role: str | None = None) -> str:
        """A Markdown field as HTML, its links resolved for this reader (raw HTML is off)."""
        return mark_safe(render(getattr(self, field), circle_id=circle_id, role=role))  # noqa: S308

    @property
    def practice_text(self) -> str:
        """The practice as one plain line, to prefill "what I will try"."""
        return " ".join(self.practice.split())


@dataclass(frozen=True)
class Programme:
    reviewed: datetime.date
    skills: tuple[Skill, ...]

    def skill(self, slug: str) -> Skill | None:
        return next((s for s in self.skills if s.slug == slug), None)


@lru_cache(maxsize=8)
def load(language: str) -> Programme:
    data = load_language_yaml(CONTENT_DIR, language)
    reviewed = data["reviewed"]
    if not isinstance(reviewed, datetime.date):
        reviewed = datetime.date.fromisoformat(str(reviewed))
    skills = tuple(
        Skill(
            slug=str(row["slug"]),
            number=number,
            title=str(row["title"]),
            summary=str(row["summary"]),
            explanation=str(row["explanation"]).strip(),
            example=str(row["example"]).strip(),
            worksheet_help=str(row["worksheet_help"]),
            practice=str(row["practice"]).strip(),
            follow_up=str(row["follow_up"]),
            related=tuple(str(slug) for slug in row.get("related") or ()),
            sources=tuple(
                Source(str(s["title"]), str(s["publisher"]), str(s["url"])) for s in row.get("sources") or ()
            ),
        )
        for number, row in enumerate(data["skills"], start=1)
    )
    return Programme(reviewed=reviewed, skills=skills)


def current() -> Programme:
    return load(active_language())


def skill_or_none(slug: str) -> Skill | None:
    return current().skill(slug) if slug in SLUGS else None
