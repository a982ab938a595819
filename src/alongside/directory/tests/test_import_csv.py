from __future__ import annotations

import pytest

from alongside.directory.importers import ImportFileError, import_files, parse_mapping
from alongside.directory.models import Facility

pytestmark = pytest.mark.django_db

ONTARIO = """Site ID,Programme,Address,Town,Prov,Postal,Tel,Services,Offers Suboxone,Langs
on-1,Harbour Clinic,1 Front St W,Toronto,ON,M5V 3L9,416-555-0101,outpatient; sliding scale; Family counseling offered,yes,French
on-2,North Shore House,2 King St,Toronto,ON,M5H 1A1,416-555-0102,residential,no,
on-3,Broken Row,3 Nowhere,Nowhere,ON,,416-555-0103,outpatient,no,
"""
MAPPING = (
    "id=Site ID,name=Programme,street=Address,city=Town,region=Prov,postal_code=Postal,phone=Tel,"
    "services=Services,buprenorphine=Offers Suboxone,languages=Langs"
)


def test_a_csv_list_imports_with_a_column_mapping_placing_rows_by_postal_code():
    report = import_files(
        [("ontario.csv", ONTARIO.encode())],
        mapping=parse_mapping(MAPPING),
        country="CA",
        source_label="A local list",
    )
    assert (report.added, len(report.rejected)) == (2, 1)
    assert "line 4" in report.rejected[0].where and "postal code" in report.rejected[0].reason
    clinic = Facility.objects.get(source_ref="on-1")
    assert clinic.source.label == "A local list" and clinic.country == "CA"
    assert clinic.latitude == pytest.approx(43.65, abs=0.1)  # the M5V area's centre
    assert clinic.has("outpatient") and clinic.has("sliding_scale") and clinic.has("buprenorphine")
    assert clinic.has("family_counselling") and clinic.languages == ",fr,"
    assert not Facility.objects.get(source_ref="on-2").has("buprenorphine")


def test_re_importing_the_csv_changes_nothing_and_drops_rows_that_left_it():
    mapping = parse_mapping(MAPPING)
    import_files([("ontario.csv", ONTARIO.encode())], mapping=mapping, country="CA")
    again = import_files([("ontario.csv", ONTARIO.encode())], mapping=mapping, country="CA")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    shorter = "\n".join(line for line in ONTARIO.splitlines() if not line.startswith("on-2")) + "\n"
    report = import_files([("ontario.csv", shorter.encode())], mapping=mapping, country="CA")
    assert report.removed == 1 and not Facility.objects.filter(source_ref="on-2").exists()


def test_columns_named_like_ours_need_no_mapping():
    text = "id,name,latitude,longitude,services\nx1,Plain Place,40.7,-74.0,iop; medicaid\n"
    report = import_files([("plain.csv", text.encode())])
    assert report.added == 1 and Facility.objects.get().has("iop")


def test_a_mapping_naming_a_missing_column_says_which_columns_the_file_has():
    with pytest.raises(ImportFileError, match="does not have: Nope.*Its columns are: Site ID"):
        import_files([("ontario.csv", ONTARIO.encode())], mapping={"id": "Nope", "name": "Programme"})


def test_a_csv_without_an_id_column_asks_for_a_mapping():
    with pytest.raises(ImportFileError, match="no column for 'id'"):
        import_files([("x.csv", b"name,city\nA,B\n")])


def test_an_unknown_field_in_the_mapping_is_explained():
    with pytest.raises(ImportFileError, match="'colour'.*not one of"):
        parse_mapping("colour=Colour")
