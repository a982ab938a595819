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
from django.utils.translation import gettext_lazy as _

DATA_FILE = Path(__file__).resolve().parent / "data" / "helplines.yaml"
COUNTRY_COOKIE = "alongside_country"  # the emergency page remembers the country the same way

# Country names in the reader's language, for every country the data file lists (a test checks).
COUNTRY_NAMES = {
    "US": _("United States"),
    "CA": _("Canada"),
    "GB": _("United Kingdom"),
    "IE": _("Ireland"),
    "AU": _("Australia"),
    "NZ": _("New Zealand"),
    "FR": _("France"),
}

# National services that list treatment near a place, offered when our own search finds nothing.
NATIONAL_LOCATORS = {
    "US": [
        {
            "name": "FindTreatment.gov",
            "url": "https://findtreatment.gov/",
            "what": _("The US government's list of licensed treatment services (SAMHSA)."),
        }
    ],
}


@dataclass(frozen=True)
class Helpline:
    key: str
    country: str
    region: str
    countries: tuple[str, ...]
    kind: str  # "" or "overdose" (someone stays on the line while a person uses alone)
    where: dict
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
            country=_codes(row["country"])[0],
            region=row.get("region", ""),
            countries=_codes(row["country"]),
            kind=row.get("kind", ""),
            where=row.get("where", {}),
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


def _codes(value) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else (value,)


def countries() -> list[str]:
    return sorted({code for h in load() for code in h.countries})


def country_name(code: str) -> str:
    return str(COUNTRY_NAMES.get(code, code))


def for_country(country: str) -> list[Helpline]:
    """The country's lines: national ones first, then regional ones, overdose-response lines last."""
    lines = [h for h in load() if country in h.countries]
    return sorted(lines, key=lambda h: (h.kind == "overdose", bool(h.region)))


def _present(line: Helpline, lang: str) -> dict:
    return {
        "line": line,
        "audience": line.localised("audience", lang),
        "what": line.localised("what", lang),
        "hours": line.localised("hours", lang),
        "where": line.localised("where", lang),
    }


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def no_results_help(country: str) -> dict:
    """What a search page offers when nothing is found nearby: the country's national
    locators and its helplines, or, for a country we have not checked, a way to the helplines page."""
    country = (country or "").upper()
    lang = _language()
    return {
        "country": country,
        "country_name": country_name(country) if country in COUNTRY_NAMES else "",
        "locators": NATIONAL_LOCATORS.get(country, []),
        "rows": [_present(line, lang) for line in for_country(country)],
    }


def helplines_view(request):
    available = countries()
    country = request.GET.get("country") or request.COOKIES.get(COUNTRY_COOKIE, "")
    country = country.upper() if country.upper() in available else "US"
    lang = _language()
    rows = [_present(line, lang) for line in for_country(country)]
    choices = sorted(((code, country_name(code)) for code in available), key=lambda choice: choice[1])
    response = render(
        request,
        "directory/helplines.html",
        {
            "rows": [r for r in rows if r["line"].kind != "overdose"],
            "overdose_rows": [r for r in rows if r["line"].kind == "overdose"],
            "country": country,
            "country_name": country_name(country),
            "countries": choices,
            "locators": NATIONAL_LOCATORS.get(country, []),
        },
    )
    if request.GET.get("country"):
        response.set_cookie(COUNTRY_COOKIE, country, max_age=365 * 24 * 3600, samesite="Lax")
    return response
