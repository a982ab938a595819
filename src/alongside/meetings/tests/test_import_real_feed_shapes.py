"""What real feeds do that the first importer did not expect (issue 17), on fixtures written from the
Meeting Guide specification and BMLT's API documentation."""

from __future__ import annotations

import json
from datetime import time

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from alongside.meetings import type_labels
from alongside.meetings.importers import FileProblem
from alongside.meetings.models import Meeting
from alongside.meetings.services import import_meetings

from .conftest import BMLT_GET_FORMATS, BMLT_WITH_FORMATS, ONTARIO, SHAPES

pytestmark = pytest.mark.django_db


def write(tmp_path, rows, name="feed.json"):
    path = tmp_path / name
    path.write_text(json.dumps(rows))
    return path


def by_id(source: str) -> dict[str, Meeting]:
    return {m.source_id: m for m in Meeting.objects.filter(source=source)}


# --- 1. Time zones --------------------------------------------------------------------------


def test_each_row_takes_the_zone_of_its_place_and_a_row_with_no_place_is_refused_not_given_the_servers():
    report = import_meetings(None, SHAPES, source="shapes", fellowship="aa")
    rows = by_id("shapes")
    assert rows["twelve-hour"].time_zone == "America/New_York"  # postal code of its one-line address
    assert rows["with-seconds"].time_zone == "Europe/London"  # coordinates
    assert rows["one-item-list"].time_zone == "Asia/Tbilisi"  # a country with one zone
    assert rows["by-appointment"].time_zone == "America/Chicago"  # ZIP 60601
    assert rows["closed-for-now"].time_zone == "America/Toronto"  # postal code M5V
    assert "nowhere" not in rows
    [refused] = report.rejected
    assert (
        refused.source_id == "nowhere"
        and "no time zone" in refused.reason
        and "--time-zone" in refused.reason
    )
    assert settings.TIME_ZONE not in {m.time_zone for m in rows.values()} - {"America/New_York"}
    assert report.zone_sources == {"postal code": 3, "coordinates": 1, "region": 1}


def test_the_hosts_zone_is_used_only_for_rows_whose_place_settles_none(tmp_path):
    report = import_meetings(None, SHAPES, source="shapes", fellowship="aa", default_zone="America/Denver")
    rows = by_id("shapes")
    assert rows["nowhere"].time_zone == "America/Denver"
    assert rows["with-seconds"].time_zone == "Europe/London"  # not the host's zone
    assert report.defaulted_zone == 1
    assert "1 from host default (America/Denver)" in "\n".join(report.lines())


def test_a_bmlt_list_spanning_zones_gets_each_meetings_zone_from_its_coordinates():
    report = import_meetings(None, BMLT_WITH_FORMATS, source="bmlt", default_zone="Europe/London")
    rows = by_id("bmlt")
    assert rows["2001"].time_zone == "America/New_York"
    assert rows["2003"].time_zone == "Asia/Tbilisi"
    assert rows["2002"].time_zone == "Europe/London"  # online, no place: the host's zone
    assert report.zone_sources == {"coordinates": 2, "host default": 1}


def test_the_command_no_longer_falls_back_to_the_servers_zone(capsys):
    call_command("import_meetings", str(SHAPES), "--fellowship", "aa")
    out = capsys.readouterr().out
    assert "5 added" in out and "1 rejected" in out
    assert "rejected row 6 (id nowhere): no time zone" in out


# --- 2. BMLT formats by world id --------------------------------------------------------------


def test_bmlt_formats_are_read_by_world_id_not_by_the_servers_key():
    import_meetings(None, BMLT_WITH_FORMATS, source="bmlt", default_zone="UTC")
    philadelphia = by_id("bmlt")["2001"]
    # "B" is Beginners on this server (world id BEG), not Big Book; "NC" is No Children, not Newcomer.
    assert philadelphia.types == ["BE", "NA-NC", "O"]
    assert philadelphia.other_formats == ["Solo Lectura"]  # no world id: the server's own name
    labels = dict(type_labels.labels(philadelphia.types, "en"))
    assert labels == {"BE": "Newcomer", "NA-NC": "No children, please", "O": "Open"}
    assert type_labels.label("NA-NC", "es") == "Sin niños, por favor"
    assert type_labels.label("NA-NC", "fr") == "Sans enfants, s'il vous plaît"
    online = by_id("bmlt")["2002"]
    assert online.attendance == "online"  # key "V" is world id VM
    assert online.other_formats == ["JT"]  # not in the envelope: shown as the server wrote it


def test_get_formats_labels_keys_the_envelope_lacks(tmp_path):
    import_meetings(None, BMLT_WITH_FORMATS, source="bmlt", default_zone="UTC", formats_path=BMLT_GET_FORMATS)
    online = by_id("bmlt")["2002"]
    assert online.types == ["NA-JFT"] and online.other_formats == []
    call_command(
        "import_meetings",
        str(BMLT_WITH_FORMATS),
        "--source",
        "bmlt2",
        "--time-zone",
        "UTC",
        "--formats",
        str(BMLT_GET_FORMATS),
    )
    assert by_id("bmlt2")["2002"].types == ["NA-JFT"]


def test_the_detail_page_shows_world_labels_in_the_readers_language_and_the_servers_own_names(client):
    import_meetings(None, BMLT_WITH_FORMATS, source="bmlt", default_zone="UTC")
    meeting = by_id("bmlt")["2001"]
    html = client.get(reverse("meetings:detail", args=[meeting.id])).content.decode()
    assert "No children, please" in html and "Solo Lectura" in html and "Slovenian" not in html
    with translation.override("fr"):
        html = client.get(
            reverse("meetings:detail", args=[meeting.id]), HTTP_ACCEPT_LANGUAGE="fr"
        ).content.decode()
    assert "Sans enfants" in html or "Sans enfants".replace("'", "&#x27;") in html


# --- 3. Safe imports -------------------------------------------------------------------------


def test_a_file_whose_every_row_is_rejected_changes_nothing_and_says_why(tmp_path):
    import_meetings(None, ONTARIO, source="ontario", fellowship="aa", default_zone="America/Toronto")
    before = Meeting.objects.filter(source="ontario").count()
    rows = json.loads(ONTARIO.read_text())
    for row in rows:
        row["time"] = "half past seven"
    with pytest.raises(FileProblem) as caught:
        import_meetings(
            None, write(tmp_path, rows), source="ontario", fellowship="aa", default_zone="America/Toronto"
        )
    message = str(caught.value)
    assert message.startswith("Nothing was changed") and f"{len(rows)} ×" in message and "'time'" in message
    assert Meeting.objects.filter(source="ontario").count() == before == len(rows)


def test_a_row_rejected_on_re_import_keeps_its_previous_good_copy(tmp_path):
    rows = json.loads(SHAPES.read_text())
    import_meetings(None, write(tmp_path, rows), source="shapes", fellowship="aa", default_zone="UTC")
    rows[0]["time"] = "25:99"
    rows[2]["day"] = "someday"
    report = import_meetings(
        None, write(tmp_path, rows), source="shapes", fellowship="aa", default_zone="UTC"
    )
    assert (report.removed, report.kept, len(report.rejected)) == (0, 2, 2)
    assert by_id("shapes")["twelve-hour"].time == time(20, 0)
    assert "one-item-list" in by_id("shapes")
    lines = "\n".join(report.lines())
    assert "2 meetings whose row was rejected keep their previous copy" in lines
    assert "Rejected rows by reason:" in lines and "1 × 'time' is not a time" in lines


def test_an_empty_bmlt_result_says_so_plainly(tmp_path):
    path = write(tmp_path, {"meetings": [], "formats": []})
    with pytest.raises(FileProblem, match="lists no meetings") as caught:
        import_meetings(None, path, source="bmlt", default_zone="UTC")
    assert "None of the 0" not in str(caught.value)
    with pytest.raises(CommandError, match="lists no meetings"):
        call_command("import_meetings", str(path), "--time-zone", "UTC")


# --- 4. The shapes real feeds use -------------------------------------------------------------


def test_times_days_and_by_appointment_meetings_are_read():
    import_meetings(None, SHAPES, source="shapes", fellowship="aa", default_zone="UTC")
    rows = by_id("shapes")
    assert (rows["twelve-hour"].day, rows["twelve-hour"].time, rows["twelve-hour"].end_time) == (
        1,
        time(20, 0),
        time(21, 0),
    )
    assert (rows["with-seconds"].day, rows["with-seconds"].time) == (3, time(7, 0))
    assert (rows["one-item-list"].day, rows["one-item-list"].time) == (6, time(12, 0))
    appointment = rows["by-appointment"]
    assert appointment.day is None and appointment.time is None


def test_a_one_line_address_gives_the_region_postal_code_and_place_not_the_neighbourhood():
    import_meetings(None, SHAPES, source="shapes", fellowship="aa", default_zone="UTC")
    row = by_id("shapes")["twelve-hour"]
    assert (row.address, row.city, row.region, row.postal_code, row.country) == (
        "1 Example Sq",
        "Philadelphia",
        "PA",
        "19107",
        "US",
    )
    assert row.region != "Center City"
    assert row.latitude == pytest.approx(39.95, abs=0.1)  # placed by its postal code
    toronto = by_id("shapes")["closed-for-now"]
    assert (toronto.region, toronto.postal_code, toronto.country) == ("ON", "M5V 2T6", "CA")


def test_onl_lower_case_codes_attendance_option_and_conference_notes():
    import_meetings(None, SHAPES, source="shapes", fellowship="aa", default_zone="UTC")
    rows = by_id("shapes")
    assert rows["twelve-hour"].types == [
        "O",
        "12x12",
    ]  # "o" and "12x12" in the spec's spelling; ONL is attendance
    assert rows["twelve-hour"].attendance == "hybrid"
    assert rows["closed-for-now"].attendance == "closed"
    assert rows["one-item-list"].conference_notes == "Password 123 (written for the tests)"


def test_a_temporarily_closed_meeting_is_shown_as_such_and_not_as_in_person(client):
    import_meetings(None, SHAPES, source="shapes", fellowship="aa", default_zone="UTC")
    closed = by_id("shapes")["closed-for-now"]
    html = client.get(reverse("meetings:detail", args=[closed.id])).content.decode()
    assert "Temporarily closed" in html and "In person" not in html
    assert closed not in Meeting.objects.can_attend("in_person")


def test_long_ids_are_kept_whole_and_do_not_collide(tmp_path):
    stem = "a-very-long-slug-" * 10
    rows = [
        {"slug": stem + "tuesday-evening", "name": "One", "day": 2, "time": "19:00"},
        {"slug": stem + "tuesday-morning", "name": "Two", "day": 2, "time": "07:00"},
    ]
    report = import_meetings(None, write(tmp_path, rows), source="long", fellowship="aa", default_zone="UTC")
    assert report.added == 2 and not report.rejected
    assert set(by_id("long")) == {stem + "tuesday-evening", stem + "tuesday-morning"}
    again = import_meetings(None, write(tmp_path, rows), source="long", fellowship="aa", default_zone="UTC")
    assert again.unchanged == 2


# --- 5. Fellowship ---------------------------------------------------------------------------


def test_a_meeting_guide_feed_needs_its_fellowship_and_a_name_that_says_it_is_suggested(tmp_path):
    path = write(tmp_path, json.loads(SHAPES.read_text()), name="al-anon-district-9.json")
    with pytest.raises(FileProblem, match=r"--fellowship al_anon"):
        import_meetings(None, path, default_zone="UTC")
    assert not Meeting.objects.exists()  # suggested, never assumed
    report = import_meetings(None, path, default_zone="UTC", fellowship="al_anon")
    assert report.added == 6 and set(Meeting.objects.values_list("fellowship", flat=True)) == {"al_anon"}


def test_the_feeds_entity_suggests_its_fellowship_to_the_host(tmp_path):
    rows = [
        {
            "slug": "e",
            "name": "Family group",
            "day": 1,
            "time": "19:00",
            "timezone": "America/Chicago",
            "entity": "Example Nar-Anon Region",
            "entity_website_url": "https://naranon.example.org",
        }
    ]
    with pytest.raises(FileProblem, match="suggests Nar-Anon.*--fellowship nar_anon"):
        import_meetings(None, write(tmp_path, rows), source="region-list")
    assert not Meeting.objects.exists()


def test_a_row_that_names_its_fellowship_keeps_it(tmp_path):
    rows = [
        {"slug": "f", "name": "Family group", "day": 1, "time": "19:00", "fellowship": "Al-Anon"},
        {"slug": "n", "name": "NA group", "day": 1, "time": "19:00", "fellowship": "Narcotics Anonymous"},
    ]
    import_meetings(None, write(tmp_path, rows), source="mixed", default_zone="UTC")
    assert {m.source_id: m.fellowship for m in Meeting.objects.all()} == {"f": "al_anon", "n": "na"}


def test_the_families_filter_shows_family_fellowships_and_al_anon_alongside(client, make_meeting):
    make_meeting(name="Families Anonymous group", fellowship="families_anon")
    make_meeting(name="Nar-Anon group", fellowship="nar_anon")
    make_meeting(name="AA with Al-Anon alongside", fellowship="aa", type_codes=",O,AL-AN,")
    make_meeting(name="Plain AA group", fellowship="aa", type_codes=",O,")
    names = set(Meeting.objects.for_families().values_list("name", flat=True))
    assert names == {"Families Anonymous group", "Nar-Anon group", "AA with Al-Anon alongside"}
    html = client.get(reverse("meetings:index"), {"families": "on"}).content.decode()
    assert "Families Anonymous group" in html and "Plain AA group" not in html
    assert "An Al-Anon or Alateen meeting meets at the same time" in html


def test_the_upload_page_groups_rejections_by_reason_and_keeps_rejected_rows(
    client, sign_in_verified_staff, import_via_page, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    sign_in_verified_staff(client)

    def upload(rows, **extra):
        data = {
            "file": SimpleUploadedFile(
                "list.json", json.dumps(rows).encode(), content_type="application/json"
            ),
            "source": "shapes",
            "time_zone": "",
            "fellowship": "aa",
            **extra,
        }
        return import_via_page(client, reverse("meetings:upload"), data)

    rows = json.loads(SHAPES.read_text())
    html = upload(rows)
    assert "Added: 5" in html and "<strong>1</strong> × no time zone" in html
    rows[0]["time"] = "soon"
    html = upload(rows)
    assert "Kept as they were, because their row was rejected: 1" in html
    html = upload(rows, fellowship="")
    assert "Say which fellowship the list is" in html and Meeting.objects.filter(fellowship="aa").count() == 5


def test_a_rejected_multi_day_row_keeps_each_days_copy(tmp_path):
    rows = [
        {
            "slug": "week",
            "name": "Three days",
            "day": [1, 3, 5],
            "time": "07:00",
            "timezone": "America/Chicago",
        }
    ]
    import_meetings(None, write(tmp_path, rows), source="multi", fellowship="aa")
    rows[0]["time"] = "7 o'clock"
    report = import_meetings(
        None,
        write(tmp_path, rows + [{**rows[0], "slug": "new", "time": "08:00"}]),
        source="multi",
        fellowship="aa",
    )
    assert (report.added, report.removed, report.kept) == (3, 0, 3)
    assert sorted(by_id("multi")) == ["new@1", "new@3", "new@5", "week@1", "week@3", "week@5"]


def test_the_zone_lookup_works_with_no_network(monkeypatch):
    import socket

    from alongside.meetings import zones

    def no_network(*args, **kwargs):
        raise AssertionError("the zone lookup tried to reach the network")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    zones.zone_at.cache_clear()
    assert zones.zone_at(-33.8688, 151.2093) == "Australia/Sydney"
    assert zones.zone_at(41.7151, 44.7930) == "Asia/Tbilisi"
    assert zones.zone_at(0.0, -30.0) == ""  # open sea: no place's zone, so the next rule decides


# --- 6. Fellowship from the feed's type codes -------------------------------------------------------

FAMILY_GROUPS = SHAPES.parent / "meeting-guide-family-groups.json"


def test_al_anon_s_own_type_code_makes_the_row_al_anon_whatever_the_list_s_default():
    report = import_meetings(None, FAMILY_GROUPS, source="mixed", fellowship="aa")
    assert report.added == 3 and not report.rejected
    rows = by_id("mixed")
    # "AA" (concurrent with an AA meeting) is only in Al-Anon's type list: a family group.
    assert rows["hope-for-today"].fellowship == "al_anon"
    # An AA meeting with Al-Anon alongside stays AA, and the families filter still finds it.
    assert rows["tuesday-night"].fellowship == "aa" and rows["tuesday-night"].has_family_meeting_alongside
    # "Y" means young people for AA and Alateen for Al-Anon: it decides nothing; the row's word stays.
    assert rows["young-people"].fellowship == "aa"
    families = set(Meeting.objects.for_families().values_list("source_id", flat=True))
    assert families == {"hope-for-today", "tuesday-night"}


def test_the_type_code_alone_is_enough_when_the_host_gives_no_fellowship():
    report = import_meetings(None, FAMILY_GROUPS, source="unsaid")
    assert report.added == 2 and [r.source_id for r in report.rejected] == ["tuesday-night"]
    assert by_id("unsaid")["hope-for-today"].fellowship == "al_anon"


def test_al_anon_s_type_is_labelled_in_each_language():
    for language, text in (("en", "AA meeting"), ("es", "reunión de AA"), ("fr", "réunion des AA")):
        assert text in type_labels.label("AA", language)


# The world ids BMLT publishes (bmlt-enabled/bmlt-server, the format editor's "NAWS format" list).
BMLT_WORLD_IDS = (
    "BEG BT CAN CH CLOSED CPT CW DISC GL GP HYBR IP IW JFT LANG LC LIT M MED NC NS OPEN QA RA S-D SMOK "
    "SPAD SPK STEP SWG TC TOP TRAD VAR VM W WCHR Y"
).split()


def test_every_published_world_id_is_labelled_and_no_label_is_for_an_id_bmlt_does_not_publish():
    from alongside.meetings.importers import WORLD_HYBRID, WORLD_ID_TO_MEETING_GUIDE, WORLD_VIRTUAL

    handled = set(WORLD_ID_TO_MEETING_GUIDE) | set(type_labels.NA_WORLD_FORMATS) | {"VM", "HYBR"}
    assert set(BMLT_WORLD_IDS) <= handled
    assert set(type_labels.NA_WORLD_FORMATS) <= set(BMLT_WORLD_IDS)
    assert set(WORLD_ID_TO_MEETING_GUIDE) <= set(BMLT_WORLD_IDS)
    assert "VM" in WORLD_VIRTUAL and "HYBR" in WORLD_HYBRID
    for world_id in type_labels.NA_WORLD_FORMATS:
        assert all(
            type_labels.label(f"NA-{world_id}", lang) != f"NA-{world_id}" for lang in ("en", "es", "fr")
        )


def test_the_command_shows_progress_with_the_count_and_the_rate(tmp_path, capsys, monkeypatch):
    from alongside.meetings import services

    monkeypatch.setattr(services, "PROGRESS_EVERY", 2)
    call_command("import_meetings", str(SHAPES), "--source", "shapes", "--fellowship", "aa")
    err = capsys.readouterr().err
    assert "2 meetings read" in err and "a second" in err


@pytest.mark.parametrize("batch, chunk", [(1, 7), (2, 64), (1000, 1 << 20)])
def test_streamed_and_batched_imports_keep_the_safety_rules(tmp_path, monkeypatch, batch, chunk):
    """Read in small chunks and written in small batches, an import is the same: idempotent, a
    rejected row (and each day of a multi-day row) keeps its copy, a repeated id is refused even in
    another batch, what the list no longer has is removed, and a file with no good row changes nothing."""
    from alongside.core import jsonstream
    from alongside.meetings import services

    monkeypatch.setattr(services, "BATCH", batch)
    monkeypatch.setattr(jsonstream, "CHUNK", chunk)
    rows = [
        {"slug": f"m{i}", "name": f"Meeting {i}", "day": 1, "time": "19:00", "timezone": "America/Chicago"}
        for i in range(6)
    ] + [
        {
            "slug": "week",
            "name": "Three days",
            "day": [1, 3, 5],
            "time": "07:00",
            "timezone": "America/Chicago",
        }
    ]
    first = import_meetings(None, write(tmp_path, rows), source="batched", fellowship="aa")
    assert (first.added, first.rejected_count) == (9, 0)
    again = import_meetings(None, write(tmp_path, rows), source="batched", fellowship="aa")
    assert (again.added, again.updated, again.unchanged, again.removed) == (0, 0, 9, 0)

    changed = [dict(row) for row in rows]
    changed[1]["time"] = "soon"  # rejected: keeps its copy
    changed[6]["time"] = "7 o'clock"  # rejected multi-day row: keeps its three copies
    changed[2]["name"] = "Renamed"
    changed[4] = {**changed[3], "name": "Same id again"}  # m3 twice: the second refused; m4 removed
    report = import_meetings(None, write(tmp_path, changed), source="batched", fellowship="aa")
    assert (report.updated, report.removed, report.kept, report.rejected_count) == (1, 1, 4, 3)
    ids = set(by_id("batched"))
    assert {"m1", "week@1", "week@3", "week@5"} <= ids and "m4" not in ids
    assert by_id("batched")["m3"].name == "Meeting 3"

    broken = [{**row, "time": "whenever"} for row in rows]
    with pytest.raises(FileProblem, match="Nothing was changed"):
        import_meetings(None, write(tmp_path, broken), source="batched", fellowship="aa")
    assert Meeting.objects.filter(source="batched").count() == 8
