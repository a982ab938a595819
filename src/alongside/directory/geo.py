"""Distance search without GIS libraries, the same on SQLite and PostgreSQL.

A bounding box around the search point cuts the candidates with plain indexed comparisons on
latitude and longitude; the exact great-circle distance then decides. The box is computed
on the sphere (Matuschek's method), so it stays correct near the poles, where it widens to
every longitude, and across the antimeridian, where it splits into two longitude ranges.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

EARTH_RADIUS_MILES = 3958.7613
KM_PER_MILE = 1.609344


def distance_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance by the haversine formula."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class BoundingBox:
    min_lat: float
    max_lat: float
    # One range normally; two when the box crosses the antimeridian; (-180, 180) near a pole.
    lon_ranges: tuple[tuple[float, float], ...]

    def contains(self, lat: float, lon: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and any(lo <= lon <= hi for lo, hi in self.lon_ranges)


def bounding_box(lat: float, lon: float, miles: float) -> BoundingBox:
    """Every point within ``miles`` of (lat, lon) lies inside the returned box."""
    angular = miles / EARTH_RADIUS_MILES
    lat_r, lon_r = math.radians(lat), math.radians(lon)
    min_lat, max_lat = lat_r - angular, lat_r + angular
    if min_lat <= -math.pi / 2 or max_lat >= math.pi / 2:
        # The circle reaches a pole: every longitude is possible.
        return BoundingBox(
            math.degrees(max(min_lat, -math.pi / 2)),
            math.degrees(min(max_lat, math.pi / 2)),
            ((-180.0, 180.0),),
        )
    delta_lon = math.asin(min(1.0, math.sin(angular) / math.cos(lat_r)))
    min_lon, max_lon = math.degrees(lon_r - delta_lon), math.degrees(lon_r + delta_lon)
    lat_range = (math.degrees(min_lat), math.degrees(max_lat))
    if min_lon < -180:
        return BoundingBox(*lat_range, ((min_lon + 360, 180.0), (-180.0, max_lon)))
    if max_lon > 180:
        return BoundingBox(*lat_range, ((min_lon, 180.0), (-180.0, max_lon - 360)))
    return BoundingBox(*lat_range, ((min_lon, max_lon),))


def box_q(box: BoundingBox, lat_field: str = "latitude", lon_field: str = "longitude") -> Q:
    """The box as a filter on indexed columns."""
    lon_q = Q()
    for lo, hi in box.lon_ranges:
        lon_q |= Q(**{f"{lon_field}__gte": lo, f"{lon_field}__lte": hi})
    return Q(**{f"{lat_field}__gte": box.min_lat, f"{lat_field}__lte": box.max_lat}) & lon_q


def within(
    rows: Iterable,
    lat: float,
    lon: float,
    miles: float,
    lat_attr: str = "latitude",
    lon_attr: str = "longitude",
) -> list[tuple[object, float]]:
    """Rows (already box-filtered) that are truly within ``miles``, nearest first, with their distance."""
    found = []
    for row in rows:
        row_lat, row_lon = getattr(row, lat_attr), getattr(row, lon_attr)
        if row_lat is None or row_lon is None:
            continue
        d = distance_miles(lat, lon, float(row_lat), float(row_lon))
        if d <= miles:
            found.append((row, d))
    found.sort(key=lambda pair: pair[1])
    return found


def nearby(
    queryset, lat: float, lon: float, miles: float, lat_field: str = "latitude", lon_field: str = "longitude"
) -> list[tuple[object, float]]:
    """The queryset's rows within ``miles`` of the point, nearest first: box in SQL, exact in Python."""
    box = bounding_box(lat, lon, miles)
    return within(queryset.filter(box_q(box, lat_field, lon_field)), lat, lon, miles, lat_field, lon_field)
