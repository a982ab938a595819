from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alongside.meetings.models import Meeting

from .conftest import BMLT_FIXTURE, ONTARIO

pytestmark = pytest.mark.django_db


@pytest.fixture
def host(client, sign_in_verified_staff):
    return sign_in_verified_staff(client)


@pytest.fixture
def upload(client, import_via_page):
    def post(path, **extra) -> str:
        data = {
            "file": SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/json"),
            "source": "ontario",
            "time_zone": "America/Toronto",
            "fellowship": "aa",
            **extra,
        }
        return import_via_page(client, reverse("meetings:upload"), data)

    return post


def test_only_the_host_with_a_second_factor_sees_the_import_page(client, make_user, sign_in_verified_staff):
    assert client.get(reverse("meetings:upload")).status_code == 404
    client.force_login(make_user("Member"))
    assert client.get(reverse("meetings:upload")).status_code == 404
    client.force_login(make_user("Staff", is_staff=True))
    refused = client.get(reverse("meetings:upload"))
    assert refused.status_code == 403 and "Import meetings" not in refused.content.decode()
    sign_in_verified_staff(client)
    assert client.get(reverse("meetings:upload")).status_code == 200


def test_the_host_uploads_a_feed_and_sees_the_counts(host, upload):
    html = upload(ONTARIO)
    assert "Added: 45" in html and "45 rows read" in html
    assert Meeting.objects.filter(source="ontario", time_zone="America/Toronto").count() == 45
    html = upload(ONTARIO)
    assert "Unchanged: 45" in html and "Added: 0" in html


def test_a_bmlt_upload_can_name_its_fellowship(host, upload):
    upload(BMLT_FIXTURE, source="narcotics", fellowship="na")
    assert Meeting.objects.filter(source="narcotics", fellowship="na").count() == 6


def test_a_bad_upload_says_nothing_was_imported(host, upload, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{oops")
    html = upload(bad)
    assert "Nothing was imported." in html and "not valid JSON" in html
    html = upload(ONTARIO, source="sample")
    assert "kept for the demo" in html and not Meeting.objects.filter(source="sample").exists()
    assert not Meeting.objects.exists()
