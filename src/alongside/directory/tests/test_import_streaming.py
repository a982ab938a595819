"""The locator export read a row at a time and written in batches (issue 17: a 210 MB file needed
1.6 GB of memory); the upload page's background job and its progress."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from alongside.core import jsonstream
from alongside.core.models import ImportJob
from alongside.directory import importers
from alongside.directory.importers import ImportFileError, import_files, read_locator
from alongside.directory.models import Facility

from .conftest import pages_of


@pytest.mark.parametrize("chunk", [7, 64, 1 << 20])
def test_streaming_reads_what_the_whole_file_reader_reads_whatever_the_chunk_size(
    locator_bytes, monkeypatch, chunk
):
    whole = read_locator([("export.json", locator_bytes)])
    monkeypatch.setattr(jsonstream, "CHUNK", chunk)
    streamed = read_locator([("export.json", io.BytesIO(locator_bytes))])
    assert streamed.rows == whole.rows and len(streamed.rows) == 30
    assert streamed.complete == whole.complete and streamed.notes == whole.notes


def test_rows_before_the_page_numbers_and_a_missing_page_are_handled(locator_data, monkeypatch):
    monkeypatch.setattr(jsonstream, "CHUNK", 50)
    name, first = pages_of(locator_data, 2)[0]
    page = json.loads(first)
    reordered = json.dumps(
        {"rows": page["rows"], "page": page["page"], "totalPages": page["totalPages"]}
    ).encode()
    result = read_locator([(name, io.BytesIO(reordered))])
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
        read_locator([("bad.json", io.BytesIO(content))])


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
    monkeypatch.setattr(importers, "PROGRESS_EVERY", 100)
    seen = []
    report = import_files(
        [("big.json", io.BytesIO(_feed(250)))], source_key="generated", progress=lambda n, t: seen.append(n)
    )
    assert seen == [100, 200, 250] and report.rows_read == 250 and report.seconds >= 0
    assert report.added == 250 and Facility.objects.filter(source__key="generated").count() == 250


@pytest.mark.django_db
def test_the_command_prints_rows_per_second(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(importers, "PROGRESS_EVERY", 100)
    path = tmp_path / "big.json"
    path.write_bytes(_feed(300))
    call_command("import_facilities", str(path))
    err = capsys.readouterr().err
    assert "100 rows read" in err and "300 rows read" in err and "rows a second" in err
    assert Facility.objects.count() == 300


@pytest.mark.django_db
def test_the_upload_page_runs_a_background_job_shows_the_rate_and_refuses_a_file_over_the_limit(
    client, sign_in_verified_staff, import_via_page, settings
):
    sign_in_verified_staff(client)
    html = import_via_page(
        client,
        reverse("directory:upload"),
        {
            "files": SimpleUploadedFile("big.json", _feed(120), content_type="application/json"),
            "format": "locator",
        },
    )
    assert Facility.objects.count() == 120
    assert "Added: 120" in html and "120 rows read" in html and "rows a second" in html
    job = ImportJob.objects.get()
    assert (job.status, job.rows_done, job.result["added"]) == ("done", 120, 120)

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
    assert Facility.objects.count() == 120 and ImportJob.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("batch", [1, 7, 1000])
def test_batches_keep_the_safety_rules_whatever_their_size(monkeypatch, batch):
    """Written in batches, an import still changes nothing when no row is importable, keeps the
    previous copy of a rejected row, removes what the source no longer lists and is idempotent."""
    monkeypatch.setattr(importers, "BATCH", batch)
    feed = json.loads(_feed(20))
    first = import_files([("f.json", json.dumps(feed).encode())], source_key="batched")
    assert (first.added, first.rejected_count) == (20, 0)
    again = import_files([("f.json", json.dumps(feed).encode())], source_key="batched")
    assert (again.added, again.updated, again.unchanged, again.removed) == (0, 0, 20, 0)

    feed["rows"][3]["latitude"] = "north"  # rejected: its previous copy stays
    feed["rows"][5]["name1"] = "Renamed"  # updated
    feed["rows"][7]["frid"] = "F5"  # the same id as row 6, with other details: rejected
    del feed["rows"][10]  # no longer listed: removed (with F7, now listed under another id)
    report = import_files([("f.json", json.dumps(feed).encode())], source_key="batched")
    assert (report.updated, report.removed, report.rejected_count, report.kept) == (1, 2, 2, 1)
    assert Facility.objects.filter(source_ref="F3").exists()
    assert Facility.objects.get(source_ref="F5").name == "Renamed"
    assert not Facility.objects.filter(source_ref__in=["F10", "F7"]).exists()
    assert "other details" in report.rejected_by_reason()[-1][0] or "other details" in str(report.rejected)

    for row in feed["rows"]:
        row["latitude"] = "nowhere"
    with pytest.raises(ImportFileError, match="Nothing was changed"):
        import_files([("f.json", json.dumps(feed).encode())], source_key="batched")
    assert Facility.objects.filter(source__key="batched").count() == 18


class _NoQueue:
    @staticmethod
    def enqueue(*_args):
        return None


@pytest.mark.django_db
def test_a_job_shows_its_progress_while_it_runs_and_its_summary_at_the_end(
    client, sign_in_verified_staff, monkeypatch
):
    """The import's transaction holds the write lock, so progress lives beside the job while it runs;
    the page polls it with htmx (and offers a refresh link), then shows the summary and stops polling."""
    from alongside.core import imports
    from alongside.directory.tasks import _work

    monkeypatch.setattr(importers, "PROGRESS_EVERY", 50)
    user = sign_in_verified_staff(client)
    upload = SimpleUploadedFile("big.json", _feed(150), content_type="application/json")
    job = imports.start("facilities", user, [upload], {"format": "locator"}, _NoQueue)
    page_url = f"{reverse('directory:upload')}?job={job.id}"
    waiting = client.get(page_url).content.decode()
    assert (
        "waiting to start" in waiting
        and 'hx-trigger="every 2s"' in waiting
        and 'http-equiv="refresh"' in waiting
    )
    pages = []

    def work(job, files, progress):
        def watching(count, seconds):
            progress(count, seconds)
            pages.append(client.get(page_url).content.decode())

        return _work(job, files, watching)

    imports.run(str(job.id), work, (ImportFileError,))
    assert any(
        "50 rows read" in page and "Importing" in page and 'hx-trigger="every 2s"' in page for page in pages
    )
    assert any("100 rows read" in page for page in pages)
    assert any("Refresh to see the progress" in page for page in pages)  # without JavaScript
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.result["added"]) == ("done", 150, 150) and job.finished_at
    done = client.get(page_url).content.decode()
    assert "Added: 150" in done and "150 rows read" in done
    assert "hx-trigger" not in done and 'http-equiv="refresh"' not in done
    assert not (imports.jobs_dir() / str(job.id)).exists()  # the uploaded file is gone


@pytest.mark.django_db
def test_another_kind_s_job_or_a_bad_id_is_a_404(client, sign_in_verified_staff):
    from alongside.core import imports

    user = sign_in_verified_staff(client)
    job = imports.start("meetings", user, [SimpleUploadedFile("m.json", b"[]")], {}, _NoQueue)
    assert client.get(f"{reverse('directory:upload')}?job={job.id}").status_code == 404
    assert client.get(f"{reverse('directory:upload')}?job=nope").status_code == 404
