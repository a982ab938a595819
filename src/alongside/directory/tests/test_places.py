from __future__ import annotations

import pytest

from alongside.directory import places


@pytest.mark.parametrize("text", ["22902", "22902-1234", " 22902 "])
def test_a_us_zip_code_resolves_offline(text):
    place = places.resolve(text)
    assert place.kind == "zip" and "Charlottesville" in place.label
    assert place.latitude == pytest.approx(38.03, abs=0.05) and place.longitude == pytest.approx(
        -78.48, abs=0.05
    )


@pytest.mark.parametrize("text", ["M5V", "m5v 3l9", "M5V3L9"])
def test_a_canadian_postal_code_resolves_by_its_first_three_characters(text):
    place = places.resolve(text)
    assert place.kind == "fsa" and place.label.startswith("M5V (Downtown Toronto")
    assert place.latitude == pytest.approx(43.65, abs=0.05)


def test_a_city_name_resolves_to_the_most_populous_match():
    assert places.resolve("Springfield").label == "Springfield, MO, US"
    assert places.resolve("springfield, il").label == "Springfield, IL, US"
    assert places.resolve("Toronto, ON").country == "CA"
    assert places.resolve("Montreal").label == "Montréal, QC, CA"


@pytest.mark.parametrize("text", ["", "00000", "Q9Q", "Nowhereville", "Springfield, ZZ", "x" * 200])
def test_what_matches_nothing_resolves_to_nothing(text):
    assert places.resolve(text) is None


def test_browser_coordinates_are_checked_for_range():
    assert places.from_coordinates("43.6", "-79.4").kind == "location"
    assert places.from_coordinates("91", "0") is None
    assert places.from_coordinates("a", "b") is None


def test_a_postal_area_newer_than_the_2011_data_resolves():
    # L8B (Waterdown, Ontario) was missing from the 2011 database the directory used before.
    place = places.resolve("L8B 0A1")
    assert place.kind == "fsa" and place.label == "L8B (Waterdown, ON)" and place.country == "CA"
    assert place.latitude == pytest.approx(43.33, abs=0.05) and place.longitude == pytest.approx(
        -79.88, abs=0.05
    )


def test_the_place_file_is_compact_and_says_where_it_comes_from():
    assert places.PLACES_FILE.stat().st_size < 3_000_000
    note = (places.PLACES_FILE.parent / "PLACES-LICENSE.md").read_text()
    assert "GeoNames" in note and "CC BY 4.0" in note
    cities, areas = places._places()
    assert sum(len(rows) for rows in cities.values()) > 30_000 and len(areas) > 1_600
