"""Facility imports are safe (issue 17): a file with no importable row changes nothing, a rejected row
keeps its previous copy, and a CSV with no id column can use a key made of several columns."""

from __future__ import annotations

import pytest

from alongside.directory.importers import ImportFileError, import_files, parse_mapping
from alongside.directory.models import Facility

pytestmark = pytest.mark.django_db

NO_ID = """Programme,Address,Postal,Tel
Harbour Clinic,1 Front St W,M5V 3L9,416-555-0101
North Shore House,2 King St,M5H 1A1,416-555-0102
Harbour Clinic,9 Other St,M5H 1A1,416-555-0109
"""
COMPOSITE = "id=Programme+Address,name=Programme,street=Address,postal_code=Postal,phone=Tel"


def test_a_csv_without_an_id_column_imports_with_a_composite_key_and_re_imports_in_place():
    report = import_files([("list.csv", NO_ID.encode())], mapping=parse_mapping(COMPOSITE), country="CA")
    assert (report.added, len(report.rejected)) == (3, 0)  # same name, other street: two rows
    assert Facility.objects.filter(source_ref="harbour clinic | 1 front st w").exists()
    # A re-export that only changes spacing or case keeps the same ids.
    tidied = NO_ID.replace("1 Front St W", "1  FRONT st w").replace("416-555-0102", "416-555-0199")
    again = import_files([("list.csv", tidied.encode())], mapping=parse_mapping(COMPOSITE), country="CA")
    assert (again.added, again.updated, again.unchanged, again.removed) == (0, 2, 1, 0)  # updated in place


def test_the_message_for_a_csv_without_an_id_offers_the_composite_key():
    with pytest.raises(ImportFileError, match=r"id=Name\+Street\+Postal code"):
        import_files([("list.csv", NO_ID.encode())], mapping=parse_mapping("name=Programme"), country="CA")


def test_an_empty_key_column_rejects_the_row_with_its_reason():
    text = NO_ID + ",5 Empty St,M5H 1A1,416-555-0105\n"
    mapping = parse_mapping(COMPOSITE.replace("name=Programme", "name=Address"))
    report = import_files([("list.csv", text.encode())], mapping=mapping, country="CA")
    assert report.added == 3 and "'Programme' is empty" in report.rejected[0].reason


def test_a_file_with_no_importable_row_changes_nothing_and_says_why():
    import_files([("list.csv", NO_ID.encode())], mapping=parse_mapping(COMPOSITE), country="CA")
    broken = "Programme,Address,Postal,Tel\n" + "".join(f"Place {n},{n} Street,,555\n" for n in range(5))
    with pytest.raises(ImportFileError, match=r"Nothing was changed: none of the 5 rows.*5 × no coordinates"):
        import_files([("list.csv", broken.encode())], mapping=parse_mapping(COMPOSITE), country="CA")
    assert Facility.objects.count() == 3
    with pytest.raises(ImportFileError, match="lists no facilities"):
        import_files([("list.csv", b"Programme,Address,Postal,Tel\n")], mapping=parse_mapping(COMPOSITE))
    assert Facility.objects.count() == 3


def test_a_row_rejected_on_re_import_keeps_its_previous_copy():
    import_files([("list.csv", NO_ID.encode())], mapping=parse_mapping(COMPOSITE), country="CA")
    lost_postal = NO_ID.replace("2 King St,M5H 1A1", "2 King St,")  # now cannot be placed
    report = import_files(
        [("list.csv", lost_postal.encode())], mapping=parse_mapping(COMPOSITE), country="CA"
    )
    assert (report.removed, report.kept, len(report.rejected)) == (0, 1, 1)
    assert Facility.objects.filter(source_ref="north shore house | 2 king st").exists()
    assert "1 kept their previous copy" in report.summary()
    gone = "\n".join(line for line in NO_ID.splitlines() if not line.startswith("North")) + "\n"
    assert (
        import_files([("list.csv", gone.encode())], mapping=parse_mapping(COMPOSITE), country="CA").removed
        == 1
    )


def test_a_rejected_locator_row_keeps_its_previous_copy():
    import json

    def page(rows):
        return json.dumps({"page": 1, "totalPages": 1, "rows": rows}).encode()

    good = [
        {"frid": "f1", "name1": "One", "latitude": 40.7, "longitude": -74.0},
        {"frid": "f2", "name1": "Two", "latitude": 40.8, "longitude": -74.1},
    ]
    import_files([("p1.json", page(good))])
    bad = [good[0], {**good[1], "latitude": "north"}]
    report = import_files([("p1.json", page(bad))])
    assert (report.removed, report.kept) == (0, 1)
    assert Facility.objects.filter(source_ref="f2").exists()


def test_the_command_counts_rejections_by_reason(tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "list.csv"
    path.write_text(NO_ID + "Place A,1 A St,,555\nPlace B,2 B St,,555\n")
    call_command("import_facilities", str(path), "--map", COMPOSITE, "--country", "CA")
    out = capsys.readouterr().out
    assert "3 added" in out and "2 × no coordinates, and no postal code we can place" in out
