from __future__ import annotations

import json
from datetime import time

import pytest
from django.core.management import CommandError, call_command

from alongside.audit.models import AuditEvent
from alongside.meetings.importers import FileProblem
from alongside.meetings.models import Meeting
from alongside.meetings.services import import_meetings

from .conftest import MEETING_GUIDE_EXAMPLE, ONTARIO

pytestmark = pytest.mark.django_db


def ontario_rows() -> list[dict]:
    return json.loads(ONTARIO.read_text())


def test_every_row_of_the_ontario_feed_is_imported_including_those_without_postal_codes():
    rows = ontario_rows()
    report = import_meetings(None, ONTARIO, source="ontario", fellowship="aa", default_zone="America/Toronto")
    assert report.added == len(rows) == Meeting.objects.filter(source="ontario").count()
    assert not report.rejected
    without_postal = [r for r in rows if not r.get("postal_code")]
    assert len(without_postal) > 30
    for raw in without_postal:
        meeting = Meeting.objects.get(source="ontario", source_id=str(raw["slug"]))
        assert meeting.postal_code == ""
        assert meeting.latitude == pytest.approx(raw["latitude"])


def test_an_ontario_row_keeps_its_day_time_zone_types_and_attendance():
    import_meetings(None, ONTARIO, source="ontario", fellowship="aa", default_zone="America/Toronto")
    tweed = Meeting.objects.get(source="ontario", source_id="8")
    assert tweed.name == "Tweed Group"
    assert tweed.day == 2  # Tuesday: Meeting Guide counts Sunday as 0, as we do
    assert tweed.time == time(19, 30)
    assert tweed.time_zone == "America/Toronto"
    assert tweed.types == ["C"]
    assert tweed.attendance == "in_person"
    assert tweed.fellowship == "aa"
    assert tweed.city == "Tweed" and tweed.country == "CA"
    assert tweed.updated.year == 2016


def test_re_importing_the_same_feed_changes_nothing():
    import_meetings(None, ONTARIO, source="ontario", fellowship="aa", default_zone="America/Toronto")
    before = {m.source_id: (m.id, m.imported_at) for m in Meeting.objects.all()}
    report = import_meetings(None, ONTARIO, source="ontario", fellowship="aa", default_zone="America/Toronto")
    assert (report.added, report.updated, report.removed, len(report.rejected)) == (0, 0, 0, 0)
    assert report.unchanged == len(before)
    assert {m.source_id: (m.id, m.imported_at) for m in Meeting.objects.all()} == before


def test_a_changed_row_is_updated_in_place_and_a_missing_row_is_removed(tmp_path):
    import_meetings(None, ONTARIO, source="ontario", fellowship="aa", default_zone="America/Toronto")
    tweed_id = Meeting.objects.get(source_id="8").id
    rows = ontario_rows()
    rows[0]["time"] = "20:00"
    dropped = rows.pop()
    changed = tmp_path / "ontario.json"
    changed.write_text(json.dumps(rows))
    report = import_meetings(None, changed, source="ontario", fellowship="aa", default_zone="America/Toronto")
    assert (report.added, report.updated, report.removed) == (0, 1, 1)
    tweed = Meeting.objects.get(source_id="8")
    assert tweed.id == tweed_id and tweed.time == time(20, 0)
    assert not Meeting.objects.filter(source_id=str(dropped["slug"])).exists()


def test_a_file_with_one_broken_row_imports_the_rest_and_reports_that_row(tmp_path):
    rows = ontario_rows()
    rows[4]["day"] = 9
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(rows))
    report = import_meetings(None, broken, source="ontario", fellowship="aa", default_zone="America/Toronto")
    assert report.added == len(rows) - 1
    assert len(report.rejected) == 1
    rejected = report.rejected[0]
    assert rejected.row == 5 and rejected.source_id == str(rows[4]["slug"])
    assert "day" in rejected.reason
    assert "rejected row 5" in "\n".join(report.lines())


def test_the_command_reports_counts_and_the_rejected_row(tmp_path, capsys):
    rows = ontario_rows()
    rows[1]["time"] = "7.30pm"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(rows))
    call_command("import_meetings", str(broken), "--time-zone", "America/Toronto", "--fellowship", "aa")
    out = capsys.readouterr().out
    assert f"{len(rows) - 1} added" in out and "1 rejected" in out
    assert "rejected row 2 (id 1): 'time' is not a time" in out


def test_one_import_is_one_transaction_with_one_audit_row():
    import_meetings(None, ONTARIO, source="ontario", fellowship="aa", default_zone="America/Toronto")
    event = AuditEvent.objects.get()
    assert event.extra["kind"] == "meetings_import" and event.extra["added"] == 45


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json at all", "not valid JSON"),
        ('{"hello": "world"}', "not a list of meetings"),
        ("[]", "no meetings"),
        ('[{"foo": 1}]', "neither a Meeting Guide 'slug'"),
        ('[{"slug": "a"}, {"slug": "b", "name": ""}]', "none of the 2 rows"),
    ],
)
def test_bad_files_get_a_clear_message_and_change_nothing(tmp_path, content, message):
    Meeting.objects.create(
        source="bad", source_id="keep", fellowship="aa", name="Keep", time_zone="UTC", attendance="in_person"
    )
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(FileProblem, match=message):
        import_meetings(None, path, source="bad", fellowship="aa")
    with pytest.raises(CommandError, match="Nothing was (imported|changed)|nothing was changed"):
        call_command("import_meetings", str(path), "--source", "bad", "--fellowship", "aa")
    assert Meeting.objects.filter(source="bad").count() == 1


def test_a_missing_file_and_an_unknown_zone_are_clear_errors():
    with pytest.raises(CommandError, match="There is no file"):
        call_command("import_meetings", "/no/such/file.json")
    with pytest.raises(CommandError, match="Unknown time zone"):
        call_command("import_meetings", str(ONTARIO), "--time-zone", "Mars/Olympus")


def test_the_spec_example_imports_with_its_end_time_types_and_listing_url():
    report = import_meetings(
        None, MEETING_GUIDE_EXAMPLE, source="example", fellowship="aa", default_zone="America/Los_Angeles"
    )
    assert report.added == 1
    meeting = Meeting.objects.get(source="example")
    assert meeting.source_id == "sunday-serenity-14"
    assert (meeting.day, meeting.time, meeting.end_time) == (0, time(18, 0), time(19, 30))
    assert meeting.types == ["O", "T", "LGBTQ"]
    assert meeting.region == "CA" and meeting.postal_code == "98765"
    assert meeting.url == "https://district123.org/meetings/sunday-serenity"


def test_online_hybrid_multi_day_rows_and_unsafe_links(tmp_path):
    rows = [
        {
            "slug": "z",
            "name": "Zoom only",
            "day": 1,
            "time": "19:00",
            "conference_url": "https://zoom.us/j/1",
            "timezone": "America/Chicago",
        },
        {
            "slug": "h",
            "name": "Both",
            "day": [1, 3, 5],
            "time": "07:00",
            "address": "1 Main St",
            "conference_phone": "+15550100",
        },
        {
            "slug": "x",
            "name": "Sneaky",
            "day": 2,
            "time": "08:00",
            "address": "2 Main St",
            "conference_url": "javascript:alert(1)",
            "url": "javascript:alert(2)",
        },
        {
            "slug": "tc",
            "name": "Closed room",
            "day": 2,
            "time": "08:00",
            "address": "3 Main St",
            "types": ["TC", "ONL"],
            "conference_url": "https://zoom.us/j/2",
        },
    ]
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps(rows))
    report = import_meetings(None, path, source="mixed", fellowship="aa", default_zone="America/New_York")
    assert report.added == 6 and not report.rejected
    assert Meeting.objects.get(source_id="z").attendance == "online"
    assert Meeting.objects.get(source_id="z").time_zone == "America/Chicago"
    both = Meeting.objects.filter(source_id__startswith="h@").order_by("day")
    assert [m.day for m in both] == [1, 3, 5] and {m.attendance for m in both} == {"hybrid"}
    sneaky = Meeting.objects.get(source_id="x")
    assert sneaky.conference_url == "" and sneaky.url == "" and sneaky.attendance == "in_person"
    assert Meeting.objects.get(source_id="tc").attendance == "online"


def test_a_row_with_a_postal_code_but_no_coordinates_is_placed_at_its_postal_area(tmp_path):
    rows = [
        {
            "slug": "p",
            "name": "Postal only",
            "day": 1,
            "time": "19:00",
            "address": "1 Main St",
            "city": "Charlottesville",
            "state": "VA",
            "postal_code": "22902",
            "country": "US",
        },
        {"slug": "n", "name": "Nothing", "day": 1, "time": "19:00", "address": "2 Main St"},
    ]
    path = tmp_path / "postal.json"
    path.write_text(json.dumps(rows))
    import_meetings(None, path, source="postal", fellowship="aa", default_zone="America/New_York")
    placed = Meeting.objects.get(source_id="p")
    assert placed.latitude == pytest.approx(38.03, abs=0.1) and placed.longitude == pytest.approx(
        -78.48, abs=0.1
    )
    assert Meeting.objects.get(source_id="n").latitude is None
    again = import_meetings(None, path, source="postal", fellowship="aa", default_zone="America/New_York")
    assert again.unchanged == 2
