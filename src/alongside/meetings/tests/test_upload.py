from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alongside.meetings.models import Meeting

from .conftest import BMLT_FIXTURE, ONTARIO

pytestmark = pytest.mark.django_db


@pytest.fixture
def host(make_user):
    return make_user("Host", is_staff=True)


def upload(client, path, **extra):
    data = {
        "file": SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/json"),
        "source": "ontario",
        "time_zone": "America/Toronto",
        "fellowship": "aa",
        **extra,
    }
    return client.post(reverse("meetings:upload"), data)


def test_only_the_host_sees_the_import_page(client, make_user, host):
    assert client.get(reverse("meetings:upload")).status_code == 404
    client.force_login(make_user("Member"))
    assert client.get(reverse("meetings:upload")).status_code == 404
    client.force_login(host)
    assert client.get(reverse("meetings:upload")).status_code == 200


def test_the_host_uploads_a_feed_and_sees_the_counts(client, host):
    client.force_login(host)
    html = upload(client, ONTARIO).content.decode()
    assert "Added: 45" in html
    assert Meeting.objects.filter(source="ontario", time_zone="America/Toronto").count() == 45
    html = upload(client, ONTARIO).content.decode()
    assert "Unchanged: 45" in html and "Added: 0" in html


def test_a_bmlt_upload_can_name_its_fellowship(client, host):
    client.force_login(host)
    upload(client, BMLT_FIXTURE, source="narcotics", fellowship="na")
    assert Meeting.objects.filter(source="narcotics", fellowship="na").count() == 6


def test_a_bad_upload_says_nothing_was_imported(client, host, tmp_path):
    client.force_login(host)
    bad = tmp_path / "bad.json"
    bad.write_text("{oops")
    html = upload(client, bad).content.decode()
    assert "Nothing was imported." in html and "not valid JSON" in html
    html = upload(client, ONTARIO, source="sample").content.decode()
    assert "kept for the demo" in html
    assert not Meeting.objects.exists()
