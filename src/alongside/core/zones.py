"""Time zones in words, and the zones a member most likely wants first.

The picker offers the likely zones (the browser's, the member's, the circle's and the other zones
of their countries, then the usual ones for the page's language) before the full list, and names
every zone in words ("New York (America)") rather than as a raw IANA name.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime
from functools import cache
from importlib import resources

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Where speakers of each language most often live, for a first guess before anything is known.
LANGUAGE_ZONES = {
    "en": [
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
        "America/Toronto",
        "Europe/London",
        "Europe/Dublin",
        "Australia/Sydney",
        "Pacific/Auckland",
    ],
    "es": [
        "America/Mexico_City",
        "Europe/Madrid",
        "America/Bogota",
        "America/Argentina/Buenos_Aires",
        "America/Lima",
        "America/Santiago",
        "America/New_York",
        "America/Los_Angeles",
    ],
    "fr": [
        "Europe/Paris",
        "America/Toronto",
        "Europe/Brussels",
        "Europe/Zurich",
        "Europe/Luxembourg",
        "Africa/Abidjan",
        "Africa/Dakar",
    ],
}
MAX_LENGTH = 64


@cache
def all_zones() -> tuple[str, ...]:
    return tuple(sorted(name for name in zoneinfo.available_timezones() if "/" in name or name == "UTC"))


def is_valid_zone(name: str | None) -> bool:
    return bool(name) and len(name) <= MAX_LENGTH and name in set(all_zones())


@cache
def _zone_table() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    country_of: dict[str, str] = {}
    zones_of: dict[str, list[str]] = {}
    text = resources.files("tzdata").joinpath("zoneinfo/zone.tab").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        for code in parts[0].split(","):
            country_of.setdefault(parts[2], code)
            zones_of.setdefault(code, []).append(parts[2])
    return country_of, {code: tuple(zones) for code, zones in zones_of.items()}


def country_of(zone: str) -> str:
    """The ISO country code of a zone ('' when it belongs to none, e.g. UTC)."""
    return _zone_table()[0].get(zone, "")


def zones_in(country: str) -> tuple[str, ...]:
    return _zone_table()[1].get(country.upper(), ())


def zone_label(name: str) -> str:
    """A zone in words: "America/Argentina/Buenos_Aires" reads "Buenos Aires (America, Argentina)"."""
    if not name or "/" not in name:
        return name or "UTC"
    parts = name.replace("_", " ").split("/")
    return f"{parts[-1]} ({', '.join(parts[:-1])})"


def likely_zones(*hints: str | None, language: str = "en") -> list[str]:
    """The zones to offer first: each hint, then the other zones of the hints' countries, then the
    usual zones for the language; no repeats, only real zones."""
    likely: list[str] = []
    valid_hints = [h for h in hints if is_valid_zone(h)]
    for zone in valid_hints:
        if zone not in likely:
            likely.append(zone)
    for zone in valid_hints:
        for same_country in zones_in(country_of(zone)):
            if same_country not in likely:
                likely.append(same_country)
    for zone in LANGUAGE_ZONES.get((language or "en")[:2], LANGUAGE_ZONES["en"]):
        if zone not in likely and is_valid_zone(zone):
            likely.append(zone)
    return likely


def zone_choices(*hints: str | None, language: str = "en") -> list:
    """Grouped choices for a zone picker: the likely zones first, then every zone, in words."""
    likely = likely_zones(*hints, language=language)
    rest = [(name, zone_label(name)) for name in all_zones() if name not in likely]
    rest.sort(key=lambda choice: choice[1])
    return [
        (_("Likely time zones"), [(name, zone_label(name)) for name in likely]),
        (_("All time zones"), rest),
    ]


# Where road distances are given in miles; everywhere else uses kilometres.
MILES_COUNTRIES = frozenset({"US", "GB", "LR", "MM"})


def country_hint(request) -> str:
    """The visitor's likely country: from a member's own zone, else the browser's language region."""
    user = getattr(request, "user", None)
    zone = getattr(user, "time_zone", "") if user is not None and user.is_authenticated else ""
    if country_of(zone):
        return country_of(zone)
    for part in request.headers.get("Accept-Language", "").split(","):
        tag = part.split(";")[0].strip()
        if "-" in tag and len(tag.split("-")[1]) == 2:
            region = tag.split("-")[1].upper()
            return "GB" if region == "UK" else region
    return ""


def uses_km(country: str, language: str) -> bool:
    if country:
        return country.upper() not in MILES_COUNTRIES
    return (language or "en")[:2] != "en"


def zone(name: str | None) -> zoneinfo.ZoneInfo:
    """The zone of that name; UTC for a missing or unknown name."""
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def local_today(tz_name: str | None, now: datetime | None = None) -> date:
    """Today on that clock (a circle's or a member's): the day a family sees on its calendar."""
    return (now or timezone.now()).astimezone(zone(tz_name)).date()
