"""Helplines from a data file the project keeps, shown by the visitor's country.

Only numbers checked against the service's own page or a government page go in
``data/helplines.yaml``; each row carries the date it was checked (``verified_on``), and the
page shows that date. The family-guidance seeds are not a source for numbers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.shortcuts import render
from django.utils import translation

DATA_FILE = Path(__file__).resolve().parent / "data" / "helplines.yaml"
COUNTRY_COOKIE = "alongside_country"  # the emergency page remembers the country the same way


@dataclass(frozen=True)
class Helpline:
    key: str
    country: str
    region: str
    name: str
    audience: dict
    what: dict
    hours: dict
    phone: str
    text: str
    chat_url: str
    languages: tuple[str, ...]
    source_url: str
    verified_on: datetime.date

    def localised(self, field: str, lang: str) -> str:
        values = getattr(self, field)
        return values.get(lang) or values.get("en", "")

    @property
    def tel(self) -> str:
        return "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")


@lru_cache(maxsize=1)
def load() -> tuple[Helpline, ...]:
    rows = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    return tuple(
        Helpline(
            key=row["key"],
            country=row["country"],
            region=row.get("region", ""),
            name=row["name"],
            audience=row["audience"],
            what=row["what"],
            hours=row["hours"],
            phone=str(row.get("phone", "")),
            text=str(row.get("text", "")),
            chat_url=row.get("chat_url", ""),
            languages=tuple(row.get("languages", ())),
            source_url=row["source_url"],
            verified_on=row["verified_on"],
        )
        for row in rows
    )


def countries() -> list[str]:
    return sorted({h.country for h in load()})


def for_country(country: str) -> list[Helpline]:
    return [h for h in load() if h.country == country]


def helplines_view(request):
    available = countries()
    country = request.GET.get("country") or request.COOKIES.get(COUNTRY_COOKIE, "")
    country = country.upper() if country.upper() in available else "US"
    lang = (translation.get_language() or "en").split("-")[0]
    rows = [
        {
            "line": line,
            "audience": line.localised("audience", lang),
            "what": line.localised("what", lang),
            "hours": line.localised("hours", lang),
        }
        for line in for_country(country)
    ]
    response = render(
        request, "directory/helplines.html", {"rows": rows, "country": country, "countries": available}
    )
    if request.GET.get("country"):
        response.set_cookie(COUNTRY_COOKIE, country, max_age=365 * 24 * 3600, samesite="Lax")
    return response
