"""Which time zone a meeting row is in, offline.

In order: the row's own zone; the zone of its coordinates (``tzfpy``, whose zone boundaries ship
inside the package, so nothing is downloaded at run time); the zone of its postal code's centre
(the directory app's offline postal data); the zone of its region or country when that region or
country lies in one zone only; the host's ``--time-zone``; otherwise the row is refused. The
server's own zone is never used silently.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from alongside.meetings.schedule import is_valid_zone

# How the zone was found, for the import report.
OWN, COORDINATES, POSTAL_CODE, REGION, HOST_DEFAULT = (
    "own",
    "coordinates",
    "postal code",
    "region",
    "host default",
)

# US states and Canadian provinces and territories that lie in one zone (those split between zones,
# such as Texas, Florida or Ontario, are left out on purpose: their rows need coordinates, a postal
# code or the host's zone).
_SINGLE_ZONE_REGIONS = {
    "US": {
        "AL": "America/Chicago",
        "AR": "America/Chicago",
        "AZ": "America/Phoenix",
        "CA": "America/Los_Angeles",
        "CO": "America/Denver",
        "CT": "America/New_York",
        "DC": "America/New_York",
        "DE": "America/New_York",
        "GA": "America/New_York",
        "HI": "Pacific/Honolulu",
        "IA": "America/Chicago",
        "IL": "America/Chicago",
        "LA": "America/Chicago",
        "MA": "America/New_York",
        "MD": "America/New_York",
        "ME": "America/New_York",
        "MN": "America/Chicago",
        "MO": "America/Chicago",
        "MS": "America/Chicago",
        "MT": "America/Denver",
        "NC": "America/New_York",
        "NH": "America/New_York",
        "NJ": "America/New_York",
        "NM": "America/Denver",
        "NY": "America/New_York",
        "OH": "America/New_York",
        "OK": "America/Chicago",
        "PA": "America/New_York",
        "PR": "America/Puerto_Rico",
        "RI": "America/New_York",
        "SC": "America/New_York",
        "UT": "America/Denver",
        "VA": "America/New_York",
        "VT": "America/New_York",
        "WA": "America/Los_Angeles",
        "WI": "America/Chicago",
        "WV": "America/New_York",
        "WY": "America/Denver",
    },
    "CA": {
        "AB": "America/Edmonton",
        "MB": "America/Winnipeg",
        "NB": "America/Moncton",
        "NS": "America/Halifax",
        "PE": "America/Halifax",
        "YT": "America/Whitehorse",
    },
}
_COUNTRY_NAMES = {
    "USA": "US",
    "UNITED STATES": "US",
    "UNITED STATES OF AMERICA": "US",
    "CANADA": "CA",
    "UNITED KINGDOM": "GB",
    "UK": "GB",
    "GEORGIA": "GE",
}


class NoZone(ValueError):
    pass


def country_code(value: str) -> str:
    value = (value or "").strip().upper()
    return _COUNTRY_NAMES.get(value, value if len(value) == 2 else "")


@lru_cache(maxsize=1)
def _single_zone_countries() -> dict[str, str]:
    """Countries with exactly one zone in the tz database's ``zone.tab`` (shipped by ``tzdata``)."""
    try:
        text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    zones: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        zones.setdefault(parts[0], []).append(parts[2])
    return {country: names[0] for country, names in zones.items() if len(names) == 1}


@lru_cache(maxsize=65536)  # many meetings share a venue
def zone_at(latitude: float, longitude: float) -> str:
    try:
        import tzfpy
    except ImportError:  # pragma: no cover - tzfpy is a dependency
        return ""
    name = tzfpy.get_tz(longitude, latitude) or ""
    return name if is_valid_zone(name) and not name.startswith("Etc/") else ""


def zone_of_region(region: str, country: str) -> str:
    country = country_code(country)
    region = (region or "").strip().upper()
    if region and country in _SINGLE_ZONE_REGIONS:
        return _SINGLE_ZONE_REGIONS[country].get(region, "")
    if region and not country:
        return _SINGLE_ZONE_REGIONS["US"].get(region, "")
    return _single_zone_countries().get(country, "") if country else ""


def resolve(
    *, own: str, latitude, longitude, postal_code: str, region: str, country: str, default: str | None
) -> tuple[str, str]:
    """(zone, how it was found); raises ``NoZone`` with the reason when none can be found."""
    own = (own or "").strip()
    if own:
        if not is_valid_zone(own):
            raise NoZone(f"unknown time zone {own[:40]!r}")
        return own, OWN
    if latitude is not None and longitude is not None:
        name = zone_at(latitude, longitude)
        if name:
            return name, COORDINATES
    if postal_code:
        point = _postal_point(postal_code, country_code(country))
        if point is not None:
            name = zone_at(point.latitude, point.longitude)
            if name:
                return name, POSTAL_CODE
    name = zone_of_region(region, country)
    if name:
        return name, REGION
    if default:
        return default, HOST_DEFAULT
    raise NoZone(
        "no time zone: the row names none, and its place (coordinates, postal code, region) does not settle "
        "one; give the list a time zone (--time-zone) for such rows"
    )


def _postal_point(postal_code: str, country: str):
    try:
        from alongside.directory.places import postal_point
    except ImportError:
        return None
    return postal_point(postal_code, country)
