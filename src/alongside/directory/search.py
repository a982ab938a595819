"""Facility search: a distance box on the indexed coordinates, the filters as bit masks on
one column, then the exact great-circle distance (``geo.nearby``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db import connections

from alongside.directory import features as feats
from alongside.directory import geo

RADIUS_CHOICES = (5, 10, 25, 50, 100)
DEFAULT_RADIUS = 25


@dataclass(frozen=True)
class Filters:
    keys: frozenset[str] = field(default_factory=frozenset)  # feature keys chosen
    language: str = ""

    def group_masks(self) -> list[tuple[int, bool]]:
        out = []
        for group in feats.GROUPS:
            chosen = [f for f in feats.by_group(group) if f.key in self.keys]
            if chosen:
                out.append((feats.mask_of(f.key for f in chosen), group in feats.ALL_OF_GROUPS))
        return out

    def matches(self, features: int, languages: str) -> bool:
        """The same rule in Python, for tests and the brute-force baseline."""
        for mask, all_of in self.group_masks():
            if (features & mask) != mask if all_of else not features & mask:
                return False
        return not self.language or f",{self.language}," in languages


def filtered(queryset, filters: Filters):
    queryset = queryset.with_features(filters.group_masks())
    if filters.language:
        queryset = queryset.speaking(filters.language)
    return queryset


def _match_sql(filters: Filters, box: geo.BoundingBox, connection) -> tuple[str, list]:
    """The search as one small SELECT: the box on the indexed columns, then the feature bits.

    Written out rather than built by the ORM on every request: building the query cost more
    than running it (see the benchmark). ``filtered()`` is the ORM twin, for everything else;
    the property test checks this one against a brute force.
    """
    from alongside.directory.models import Facility

    meta, qn = Facility._meta, connection.ops.quote_name
    col = {
        name: qn(meta.get_field(name).column)
        for name in ("id", "latitude", "longitude", "features", "languages")
    }
    where = [f"{col['latitude']} >= %s AND {col['latitude']} <= %s"]
    params: list = [box.min_lat, box.max_lat]
    where.append(
        "("
        + " OR ".join(f"({col['longitude']} >= %s AND {col['longitude']} <= %s)" for _range in box.lon_ranges)
        + ")"
    )
    for lo, hi in box.lon_ranges:
        params += [lo, hi]
    for mask, all_of in filters.group_masks():
        where.append(f"({col['features']} & %s) {'= %s' if all_of else '<> %s'}")
        params += [mask, mask if all_of else 0]
    if filters.language:
        if filters.language not in feats.LANGUAGES:
            raise ValueError(f"unknown language {filters.language!r}")
        where.append(f"{col['languages']} LIKE %s")
        params.append(f"%,{filters.language},%")
    sql = f"SELECT {col['id']}, {col['latitude']}, {col['longitude']} FROM {qn(meta.db_table)} WHERE {' AND '.join(where)}"
    return sql, params


def search_matches(
    lat: float, lon: float, miles: float, filters: Filters | None = None
) -> list[tuple[object, float]]:
    """[(id, distance in miles)], nearest first. Only ids and coordinates leave the database, so a
    dense city with a thousand matches costs little; the page then loads its 25 rows. The rows
    come from a plain cursor: Django's per-row converters (a UUID object for every id) would
    cost more than the search itself in a big city.
    """
    from alongside.directory.models import Facility

    connection = connections[Facility.objects.db]
    sql, params = _match_sql(filters or Filters(), geo.bounding_box(lat, lon, miles), connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    distance = geo.distance_miles
    found = []
    for pk, row_lat, row_lon in rows:
        d = distance(lat, lon, row_lat, row_lon)
        if d <= miles:
            found.append((pk, d))
    found.sort(key=lambda pair: pair[1])
    return found


def load(matches: list[tuple[object, float]]) -> list[tuple[object, float]]:
    """The facilities for some (id, distance) pairs, in the same order."""
    from alongside.directory.models import Facility

    ids = [pk if isinstance(pk, uuid.UUID) else uuid.UUID(str(pk)) for pk, _d in matches]
    # The source's own service list is only shown on a facility's page.
    by_id = Facility.objects.select_related("source").defer("services").in_bulk(ids)
    return [(by_id[pk], d) for pk, (_raw, d) in zip(ids, matches, strict=True) if pk in by_id]


def search_facilities(lat: float, lon: float, miles: float, filters: Filters | None = None):
    """[(facility, distance in miles)], nearest first."""
    return load(search_matches(lat, lon, miles, filters))
