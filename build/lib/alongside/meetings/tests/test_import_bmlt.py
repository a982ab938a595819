from __future__ import annotations

import json
from datetime import time

import pytest

from alongside.meetings.models import Meeting
from alongside.meetings.services import import_meetings

from .conftest import BMLT_FIXTURE

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported():
    report = import_meetings(None, BMLT_FIXTURE, source="bmlt", default_zone="UTC")
    return report


def test_every_row_of_the_bmlt_fixture_is_imported_as_na(imported):
    assert imported.format == "bmlt"
    assert imported.added == 6 and not imported.rejected
    assert set(Meeting.objects.values_list("fellowship", flat=True)) == {"na"}


def test_bmlt_sunday_is_1_and_becomes_our_sunday_0(imported):
    sunday = Meeting.objects.get(source_id="1001")
    assert sunday.day == 0 and sunday.day_name == "Sunday"
    saturday = Meeting.objects.get(source_id="1003")
    assert saturday.day == 6 and saturday.day_name == "Saturday"
    assert Meeting.objects.get(source_id="1002").day == 3  # weekday_tinyint 4 = Wednesday


def test_start_time_duration_and_time_zone_are_read(imported):
    sunday = Meeting.objects.get(source_id="1001")
    assert (sunday.time, sunday.end_time) == (time(19, 0), time(20, 0))
    assert sunday.time_zone == "America/New_York"
    late = Meeting.objects.get(source_id="1005")
    assert (late.time, late.end_time) == (time(23, 30), time(0, 30))
    assert late.postal_code == "M5V 2T6" and late.region == "ON"


def test_virtual_and_hybrid_meetings_are_recognised(imported):
    by_id = {m.source_id: m for m in Meeting.objects.all()}
    assert by_id["1001"].attendance == "in_person"
    assert by_id["1002"].attendance == "online"  # venue_type 2
    assert by_id["1004"].attendance == "online"  # no venue_type; format VM
    assert by_id["1003"].attendance == "hybrid"  # venue_type 3
    assert by_id["1005"].attendance == "hybrid"  # no venue_type; format HY
    assert by_id["1002"].conference_url == "https://zoom.example.org/j/123456"
    assert by_id["1002"].conference_phone.startswith("+1-555")
    assert by_id["1002"].latitude is None  # BMLT's 0,0 means no location


def test_bmlt_format_keys_map_to_meeting_guide_types(imported):
    sunday = Meeting.objects.get(source_id="1001")
    assert sunday.types == ["O", "BT", "X"]  # WC (wheelchair) is Meeting Guide's X
    assert "VM" not in Meeting.objects.get(source_id="1002").types


def test_re_importing_the_bmlt_fixture_changes_nothing(imported):
    again = import_meetings(None, BMLT_FIXTURE, source="bmlt", default_zone="UTC")
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 6)


def test_a_broken_bmlt_row_is_reported_and_the_rest_imported(tmp_path):
    rows = json.loads(BMLT_FIXTURE.read_text())
    rows[2]["weekday_tinyint"] = "0"
    rows[3]["published"] = "0"
    path = tmp_path / "bmlt.json"
    path.write_text(json.dumps({"meetings": rows, "formats": []}))
    report = import_meetings(None, path, source="bmlt", default_zone="UTC")
    assert report.added == 4
    assert [(r.row, r.source_id) for r in report.rejected] == [(3, "1003"), (4, "1004")]
    assert "weekday_tinyint" in report.rejected[0].reason and "published" in report.rejected[1].reason
