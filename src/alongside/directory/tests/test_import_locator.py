from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from alongside.directory.importers import (
    ImportFileError,
    ReadResult,
    apply_import,
    import_files,
    read_locator,
)
from alongside.directory.models import Facility
from alongside.directory.search import Filters, search_facilities
from alongside.directory.tests.conftest import LOCATOR_FIXTURE, pages_of

pytestmark = pytest.mark.django_db


def _values(row: dict, code: str) -> list[str]:
    return [v.strip().lower() for s in row["services"] if s["f2"] == code for v in s["f3"].split(";")]


def _expected(data: dict, predicate) -> set[str]:
    return {row["frid"] for row in data["rows"] if predicate(row)}


def _found(filters: Filters) -> set[str]:
    # Everything in the fixture lies within 100 miles of Charlottesville.
    return {f.source_ref for f, _d in search_facilities(38.03, -78.48, 100, filters)}


def _fingerprint() -> list[tuple]:
    return list(
        Facility.objects.order_by("source_ref").values_list("source_ref", *Facility.DATA_FIELDS, "updated_at")
    )


def test_every_row_of_the_locator_sample_is_imported(locator_data, locator_bytes):
    report = import_files([("sample.json", locator_bytes)])
    assert report.added == len(locator_data["rows"]) == Facility.objects.count()
    assert not report.rejected
    assert set(Facility.objects.values_list("source_ref", flat=True)) == {
        r["frid"] for r in locator_data["rows"]
    }
    first = Facility.objects.get(source_ref=locator_data["rows"][0]["frid"])
    assert first.name == "Region Ten Community Services Board" and first.postal_code == "22902"
    assert first.latitude == pytest.approx(38.0282239)


def test_buprenorphine_sliding_fee_and_iop_filters_give_the_facilities_the_fixture_lists(
    locator_data, locator_bytes
):
    import_files([("sample.json", locator_bytes)])

    def bup(row):
        return any(
            "buprenorphine" in v and "pain management" not in v
            for code in ("OT", "PHR", "OM")
            for v in _values(row, code)
        )

    def sliding(row):
        return any(v.startswith("sliding fee") for v in _values(row, "PYAS"))

    def iop(row):
        return any("intensive outpatient" in v for v in _values(row, "SET"))

    expected_bup, expected_sliding, expected_iop = (_expected(locator_data, p) for p in (bup, sliding, iop))
    assert expected_bup and expected_sliding and expected_iop  # the fixture has each of them
    assert _found(Filters(frozenset({"buprenorphine"}))) == expected_bup
    assert _found(Filters(frozenset({"sliding_scale"}))) == expected_sliding
    assert _found(Filters(frozenset({"iop"}))) == expected_iop
    assert _found(Filters(frozenset({"buprenorphine", "sliding_scale", "iop"}))) == (
        expected_bup & expected_sliding & expected_iop
    )


def test_a_second_import_of_the_same_file_changes_nothing(locator_bytes):
    import_files([("sample.json", locator_bytes)])
    before = _fingerprint()
    report = import_files([("sample.json", locator_bytes)])
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 30)
    assert _fingerprint() == before


def test_a_changed_row_is_updated_in_place_by_its_frid(locator_data, locator_bytes):
    import_files([("sample.json", locator_bytes)])
    facility = Facility.objects.get(source_ref=locator_data["rows"][3]["frid"])
    locator_data["rows"][3]["phone"] = "434-555-0000"
    report = import_files([("sample.json", json.dumps(locator_data).encode())])
    assert (report.added, report.updated, report.unchanged) == (0, 1, 29)
    facility.refresh_from_db()  # same primary key: shortlists that point at it still do
    assert facility.phone == "434-555-0000"


def test_rows_that_left_a_complete_export_are_removed(locator_data):
    report = import_files(pages_of(locator_data, 3))
    assert report.added == 30 and not report.notes
    gone = locator_data["rows"].pop(7)["frid"]
    report = import_files(pages_of(locator_data, 3))
    assert (report.removed, report.unchanged) == (1, 29)
    assert not Facility.objects.filter(source_ref=gone).exists()


def test_a_partial_export_removes_nothing_and_says_why(locator_data):
    import_files(pages_of(locator_data, 3))
    report = import_files(pages_of(locator_data, 3)[:2])
    assert report.removed == 0 and Facility.objects.count() == 30
    assert "2 of 3" in report.notes[0]


def test_one_broken_row_is_reported_and_the_rest_imported(locator_data):
    locator_data["rows"][4]["latitude"] = "not a number"
    locator_data["rows"][9]["frid"] = ""
    report = import_files([("broken.json", json.dumps(locator_data).encode())])
    assert report.added == 28
    assert [r.where for r in report.rejected] == [
        f"broken.json, page 1, row 5 ({locator_data['rows'][4]['name1']})",
        f"broken.json, page 1, row 10 ({locator_data['rows'][9]['name1']})",
    ]
    assert "latitude" in report.rejected[0].reason and "frid" in report.rejected[1].reason


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not json", "not valid JSON"),
        (b'{"hello": "world"}', "does not look like the treatment locator"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_clear_message(content, message):
    with pytest.raises(ImportFileError, match=message):
        import_files([("bad.json", content)])
    assert Facility.objects.count() == 0


def test_the_command_imports_the_fixture_and_explains_a_bad_file(tmp_path, capsys):
    call_command("import_facilities", str(LOCATOR_FIXTURE))
    assert "30 added" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_facilities", str(bad))


def test_an_import_that_fails_half_way_leaves_nothing_changed(locator_bytes, locator_data):
    import_files([("sample.json", locator_bytes)])
    before = _fingerprint()
    result = read_locator([("sample.json", locator_bytes)])
    for values in result.rows.values():
        values["phone"] = "000"  # every row changes...
    result.rows["a-new-one"] = {
        **next(iter(result.rows.values())),
        "latitude": None,
    }  # ...then the database refuses
    with pytest.raises(IntegrityError):
        apply_import({"key": "findtreatment-gov", "label": "x"}, ReadResult(result.rows, [], True, []))
    assert _fingerprint() == before
