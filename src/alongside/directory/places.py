"""Turn what a visitor typed into a point on the map, offline.

- a US ZIP code (five digits, or ZIP+4): the ``zipcodes`` package's data;
- a Canadian postal code (its first three characters, the FSA) and a city name, alone or as
  "City, ST" (a US state, a Canadian province or a country code; the most populous match among
  places of 15,000 people or more): ``data/places.tsv``, built from GeoNames by
  ``scripts/build_places.py`` (CC BY 4.0, see ``data/PLACES-LICENSE.md``);
- the browser's own location, sent as ``lat`` and ``lon`` query parameters.

No geocoding service is ever called.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PLACES_FILE = Path(__file__).resolve().parent / "data" / "places.tsv"


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    label: str
    kind: str  # "zip", "fsa", "city", "location"
    country: str = ""


ZIP_RE = re.compile(r"^(\d{5})(?:-?\d{4})?$")
FSA_RE = re.compile(r"^([A-Za-z]\d[A-Za-z])(?:\s*\d[A-Za-z]\d)?$")


def from_coordinates(lat, lon) -> Place | None:
    try:
        latitude, longitude = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return Place(latitude, longitude, "", "location")


def from_zip(text: str) -> Place | None:
    match = ZIP_RE.match(text.strip())
    if not match:
        return None
    import zipcodes

    try:
        rows = zipcodes.matching(match.group(1))
    except (ValueError, TypeError):
        return None
    for row in rows:
        if row.get("lat") and row.get("long"):
            return Place(
                float(row["lat"]),
                float(row["long"]),
                f"{match.group(1)} ({row['city']}, {row['state']})",
                "zip",
                "US",
            )
    return None


@dataclass(frozen=True)
class _Row:
    name: str
    country: str
    region: str
    latitude: float
    longitude: float
    population: int = 0


@lru_cache(maxsize=1)
def _places() -> tuple[dict[str, list[_Row]], dict[str, _Row]]:
    """Folded city name -> cities (most populous first), and FSA -> Canadian postal area."""
    cities: dict[str, list[_Row]] = {}
    areas: dict[str, _Row] = {}
    with PLACES_FILE.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            kind, name, country, region, lat, lon, extra = line.rstrip("\n").split("\t")
            if kind == "city":
                row = _Row(name, country, region, float(lat), float(lon), int(extra))
                cities.setdefault(_fold(name), []).append(row)
            else:
                areas[name] = _Row(extra, country, region, float(lat), float(lon))
    for rows in cities.values():
        rows.sort(key=lambda c: -c.population)
    return cities, areas


def from_fsa(text: str) -> Place | None:
    match = FSA_RE.match(text.strip())
    if not match:
        return None
    fsa = match.group(1).upper()
    area = _places()[1].get(fsa)
    if area is None:
        return None
    name = area.name.split(" (")[0]
    return Place(area.latitude, area.longitude, f"{fsa} ({name}, {area.region})", "fsa", "CA")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace(".", "").split())


def from_city(text: str) -> Place | None:
    name, _, qualifier = text.partition(",")
    rows = _places()[0].get(_fold(name))
    if not name.strip() or not rows:
        return None
    qualifier = qualifier.strip().upper()
    if qualifier:
        rows = [c for c in rows if qualifier in (c.region, c.country)]
        if not rows:
            return None
    city = rows[0]
    label = ", ".join(p for p in (city.name, city.region, city.country) if p)
    return Place(city.latitude, city.longitude, label, "city", city.country)


def resolve(text: str) -> Place | None:
    """A place for what the visitor typed, or None when nothing matches."""
    text = (text or "").strip()
    if not text or len(text) > 120:
        return None
    return from_zip(text) or from_fsa(text) or from_city(text)


def postal_point(postal_code: str, country: str = "") -> Place | None:
    """For importers: a centre point for a row that has a postal code but no coordinates."""
    if country.upper() == "CA":
        return from_fsa(postal_code)
    return from_zip(postal_code) or from_fsa(postal_code)
