from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alongside.audit.models import AuditEvent
from alongside.directory.models import Facility

pytestmark = pytest.mark.django_db


def test_only_the_host_s_staff_can_open_the_import_page(client, make_user):
    url = reverse("directory:upload")
    assert "/accounts/login/" in client.get(url)["Location"]
    client.force_login(make_user("Member"))
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    client.force_login(make_user("Host", is_staff=True))
    assert client.get(url).status_code == 200


def test_the_host_uploads_the_locator_export_and_sees_the_counts(client, make_user, locator_bytes):
    host = make_user("Host", is_staff=True)
    client.force_login(host)
    response = client.post(
        reverse("directory:upload"), {"files": SimpleUploadedFile("page1.json", locator_bytes)}
    )
    html = response.content.decode()
    assert "30 added, 0 updated, 0 unchanged, 0 removed, 0 rejected" in html
    assert "Pages given: 1 of 765" in html
    assert Facility.objects.count() == 30
    assert AuditEvent.objects.filter(actor=host, target_type="directory.facilitysource").exists()


def test_a_bad_upload_gets_a_clear_message_and_imports_nothing(client, make_user):
    client.force_login(make_user("Host", is_staff=True))
    response = client.post(
        reverse("directory:upload"), {"files": SimpleUploadedFile("oops.json", b"{not json")}
    )
    assert response.status_code == 200
    assert (
        "Nothing was imported:" in response.content.decode() and "not valid JSON" in response.content.decode()
    )
    assert Facility.objects.count() == 0


def test_a_csv_upload_uses_the_mapping_typed_on_the_page(client, make_user):
    client.force_login(make_user("Host", is_staff=True))
    csv = b"Code,Title,Lat,Lng\nk1,Kind Clinic,43.6,-79.4\nk2,,43.6,-79.4\n"
    response = client.post(
        reverse("directory:upload"),
        {
            "files": SimpleUploadedFile("list.csv", csv),
            "mapping": "id=Code\nname=Title\nlatitude=Lat\nlongitude=Lng",
            "label": "Toronto list",
            "source": "toronto-list",
        },
    )
    html = response.content.decode()
    assert "1 added" in html and "line 3: no name" in html
    assert Facility.objects.get().source.label == "Toronto list"
