"""The locator export read a row at a time (issue 17: a 210 MB file needed 1.6 GB of memory)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from alongside.directory import streaming
from alongside.directory.importers import ImportFileError, read_locator
from alongside.directory.models import Facility

from .conftest import pages_of


@pytest.mark.parametrize("chunk", [7, 64, 1 << 20])
def test_streaming_reads_what_the_whole_file_reader_reads_whatever_the_chunk_size(
    locator_bytes, monkeypatch, chunk
):
    monkeypatch.setattr(streaming, "CHUNK", chunk)
    whole = read_locator([("export.json", locator_bytes)])
    streamed = streaming.read_locator_stream([("export.json", io.BytesIO(locator_bytes))])
    assert streamed.rows == whole.rows and len(streamed.rows) == 30
    assert streamed.complete == whole.complete and streamed.notes == whole.notes


def test_rows_before_the_page_numbers_and_a_missing_page_are_handled(locator_data, monkeypatch):
    monkeypatch.setattr(streaming, "CHUNK", 50)
    name, first = pages_of(locator_data, 2)[0]
    page = json.loads(first)
    reordered = json.dumps(
        {"rows": page["rows"], "page": page["page"], "totalPages": page["totalPages"]}
    ).encode()
    result = streaming.read_locator_stream([(name, io.BytesIO(reordered))])
    assert len(result.rows) == 15 and not result.complete and "Pages given: 1 of 2" in result.notes[0]


@pytest.mark.parametrize(
    "content, message",
    [
        (b'{"rows": [{"frid": "1"}, ', "not valid JSON"),
        (b'{"rows": [1 2]}', "not valid JSON"),
        (b'{"page": 1}', "does not look like the treatment locator"),
        (b"\xff\xfe{}", "not UTF-8"),
    ],
)
def test_a_broken_file_is_a_clear_error(content, message):
    with pytest.raises(ImportFileError, match=message):
        streaming.read_locator_stream([("bad.json", io.BytesIO(content))])


def _feed(n: int) -> bytes:
    rows = [
        {
            "frid": f"F{i}",
            "name1": f"Place {i}",
            "street1": "1 Main St",
            "city": "Town",
            "state": "VA",
            "zip": "22902",
            "phone": "434-555-0100",
            "latitude": "38.03",
            "longitude": "-78.48",
            "services": [],
        }
        for i in range(n)
    ]
    return json.dumps({"page": 1, "totalPages": 1, "recordCount": n, "rows": rows}).encode()


@pytest.mark.django_db
def test_progress_is_reported_with_the_count_and_the_import_is_applied(monkeypatch):
    monkeypatch.setattr(streaming, "PROGRESS_EVERY", 100)
    seen = []
    report, rows, seconds = streaming.import_locator_stream(
        [("big.json", io.BytesIO(_feed(250)))], source_key="generated", progress=lambda n, t: seen.append(n)
    )
    assert seen == [100, 200, 250] and rows == 250 and seconds >= 0
    assert report.added == 250 and Facility.objects.filter(source__key="generated").count() == 250


@pytest.mark.django_db
def test_the_command_prints_rows_per_second(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(streaming, "PROGRESS_EVERY", 100)
    path = tmp_path / "big.json"
    path.write_bytes(_feed(300))
    call_command("import_facilities", str(path))
    err = capsys.readouterr().err
    assert "100 rows read" in err and "300 rows read" in err and "rows a second" in err
    assert Facility.objects.count() == 300


@pytest.mark.django_db
def test_the_upload_page_streams_shows_the_rate_and_refuses_a_file_over_the_limit(
    client, make_user, settings
):
    client.force_login(make_user("Host", is_staff=True))
    response = client.post(
        reverse("directory:upload"),
        {
            "files": SimpleUploadedFile("big.json", _feed(120), content_type="application/json"),
            "format": "locator",
        },
    )
    html = response.content.decode()
    assert Facility.objects.count() == 120
    assert "120 rows read" in html and "rows a second" in html

    settings.DIRECTORY_MAX_UPLOAD_MB = 0.001
    response = client.post(
        reverse("directory:upload"),
        {
            "files": SimpleUploadedFile("big.json", _feed(50), content_type="application/json"),
            "format": "locator",
            "source": "kept-value",
        },
    )
    html = response.content.decode()
    assert "larger than the limit" in html and 'value="kept-value"' in html
    assert Facility.objects.count() == 120
