"""The search (box in SQL, then haversine) against a brute force written differently: every
row, the angle between unit vectors, and the filters checked one feature at a time."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alongside.directory import features as feats
from alongside.directory.geo import EARTH_RADIUS_MILES
from alongside.directory.models import Facility, FacilitySource
from alongside.directory.search import Filters, filtered, search_facilities

pytestmark = pytest.mark.django_db

# Longitudes and latitudes with extra weight on the awkward places: the antimeridian and the poles.
longitudes = st.one_of(
    st.floats(-180, 180),
    st.floats(179.0, 180.0),
    st.floats(-180.0, -179.0),
)
latitudes = st.one_of(st.floats(-90, 90), st.floats(88.0, 90.0), st.floats(-90.0, -88.0), st.floats(-60, 60))
points = st.tuples(latitudes, longitudes)
feature_sets = st.frozensets(st.sampled_from(list(feats.FEATURES)))
languages = st.sampled_from(["", ",es,", ",fr,", ",asl,es,"])


def _unit(lat: float, lon: float) -> tuple[float, float, float]:
    phi, lmb = math.radians(lat), math.radians(lon)
    return math.cos(phi) * math.cos(lmb), math.cos(phi) * math.sin(lmb), math.sin(phi)


def brute_distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    ua, ub = _unit(*a), _unit(*b)
    cross = (ua[1] * ub[2] - ua[2] * ub[1], ua[2] * ub[0] - ua[0] * ub[2], ua[0] * ub[1] - ua[1] * ub[0])
    return EARTH_RADIUS_MILES * math.atan2(
        math.hypot(*cross), sum(x * y for x, y in zip(ua, ub, strict=True))
    )


def brute_matches(features: frozenset[str], langs: str, chosen: frozenset[str], language: str) -> bool:
    for group in feats.GROUPS:
        wanted = {f.key for f in feats.by_group(group)} & chosen
        if not wanted:
            continue
        if group in feats.ALL_OF_GROUPS and not wanted <= features:
            return False
        if group not in feats.ALL_OF_GROUPS and not wanted & features:
            return False
    return not language or f",{language}," in langs


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    centre=points,
    near=st.lists(st.tuples(st.floats(-3, 3), st.floats(-40, 40)), max_size=25),
    far=st.lists(points, max_size=15),
    row_features=st.lists(st.tuples(feature_sets, languages), min_size=40, max_size=40),
    miles=st.floats(0.5, 400),
    chosen=st.frozensets(st.sampled_from(list(feats.FEATURES)), max_size=4),
    language=st.sampled_from(["", "es", "asl"]),
)
def test_the_search_finds_exactly_what_a_brute_force_finds(
    db, centre, near, far, row_features, miles, chosen, language
):
    Facility.objects.all().delete()
    source, _ = FacilitySource.objects.get_or_create(key="prop", defaults={"label": "prop"})
    # Points near the centre (offsets in degrees, wrapped and clamped) and anywhere at all.
    spots = [
        (max(-90.0, min(90.0, centre[0] + dlat)), ((centre[1] + dlon + 180) % 360) - 180)
        for dlat, dlon in near
    ] + far
    rows = []
    for i, (lat, lon) in enumerate(spots):
        keys, langs = row_features[i % len(row_features)]
        rows.append(
            Facility(
                source=source,
                source_ref=str(i),
                name=str(i),
                latitude=lat,
                longitude=lon,
                features=feats.mask_of(keys),
                languages=langs,
            )
        )
    Facility.objects.bulk_create(rows)

    filters = Filters(chosen, language)
    found = search_facilities(centre[0], centre[1], miles, filters)
    found_refs = {f.source_ref for f, _d in found}

    expected, borderline = set(), set()
    for row in rows:
        d = brute_distance(centre, (row.latitude, row.longitude))
        if not brute_matches(frozenset(feats.keys_of(row.features)), row.languages, chosen, language):
            continue
        if abs(d - miles) < 1e-6:  # two formulas may round a point on the circle either way
            borderline.add(row.source_ref)
        elif d < miles:
            expected.add(row.source_ref)
    assert expected <= found_refs <= expected | borderline
    distances = [d for _f, d in found]
    assert distances == sorted(distances)  # nearest first
    # The ORM twin of the search's SQL filters agrees too.
    orm = set(filtered(Facility.objects.all(), filters).values_list("source_ref", flat=True))
    assert orm == {
        r.source_ref
        for r in rows
        if brute_matches(frozenset(feats.keys_of(r.features)), r.languages, chosen, language)
    }
    for row in rows:  # and the same rule in Python
        keys = frozenset(feats.keys_of(row.features))
        assert filters.matches(row.features, row.languages) == brute_matches(
            keys, row.languages, chosen, language
        )


def test_a_search_across_the_antimeridian_finds_both_sides(db):
    source = FacilitySource.objects.create(key="fiji", label="fiji")
    Facility.objects.create(source=source, source_ref="east", name="east", latitude=-17.0, longitude=179.9)
    Facility.objects.create(source=source, source_ref="west", name="west", latitude=-17.0, longitude=-179.9)
    found = search_facilities(-17.0, 180.0, 20)
    assert {f.source_ref for f, _d in found} == {"east", "west"}


def test_a_search_at_the_pole_finds_every_longitude(db):
    source = FacilitySource.objects.create(key="pole", label="pole")
    for lon in (-170, -60, 0, 90, 175):
        Facility.objects.create(
            source=source, source_ref=str(lon), name=str(lon), latitude=89.9, longitude=lon
        )
    assert len(search_facilities(90.0, 0.0, 10)) == 5
