from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alongside.audit.models import AuditEvent
from alongside.directory.models import Facility

pytestmark = pytest.mark.django_db


def test_only_the_host_s_staff_with_a_second_factor_can_open_the_import_page(
    client, make_user, sign_in_verified_staff
):
    url = reverse("directory:upload")
    assert client.get(url).status_code == 404
    client.force_login(make_user("Member"))
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    # Staff without two-step sign-in: asked to turn it on, as the admin asks (nothing of the page shown).
    client.force_login(make_user("Staff", is_staff=True))
    refused = client.get(url)
    assert refused.status_code == 403 and "two-step verification" in refused.content.decode()
    assert "Import treatment facilities" not in refused.content.decode()
    assert client.post(url).status_code == 403
    sign_in_verified_staff(client)
    assert client.get(url).status_code == 200


def test_staff_with_totp_whose_session_skipped_the_code_is_sent_to_the_code_step(client, make_user):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    host = make_user("Host", is_staff=True)
    TOTP.activate(host, generate_totp_secret())
    client.force_login(host)  # a session that never passed the second factor
    for url in (reverse("directory:upload"), reverse("meetings:upload"), reverse("meetings:feeds")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_the_host_uploads_the_locator_export_and_sees_the_counts(
    client, sign_in_verified_staff, import_via_page, locator_bytes
):
    host = sign_in_verified_staff(client)
    html = import_via_page(
        client, reverse("directory:upload"), {"files": SimpleUploadedFile("page1.json", locator_bytes)}
    )
    assert "Added: 30" in html and "Updated: 0" in html and "Removed: 0" in html and "Rejected: 0" in html
    assert "Pages given: 1 of 765" in html
    assert Facility.objects.count() == 30
    assert AuditEvent.objects.filter(actor=host, target_type="directory.facilitysource").exists()


def test_a_bad_upload_gets_a_clear_message_and_imports_nothing(
    client, sign_in_verified_staff, import_via_page
):
    sign_in_verified_staff(client)
    html = import_via_page(
        client, reverse("directory:upload"), {"files": SimpleUploadedFile("oops.json", b"{not json")}
    )
    assert "Nothing was imported." in html and "not valid JSON" in html
    assert Facility.objects.count() == 0


def test_a_csv_upload_uses_the_mapping_typed_on_the_page(client, sign_in_verified_staff, import_via_page):
    sign_in_verified_staff(client)
    csv = b"Code,Title,Lat,Lng\nk1,Kind Clinic,43.6,-79.4\nk2,,43.6,-79.4\n"
    html = import_via_page(
        client,
        reverse("directory:upload"),
        {
            "files": SimpleUploadedFile("list.csv", csv),
            "mapping": "id=Code\nname=Title\nlatitude=Lat\nlongitude=Lng",
            "label": "Toronto list",
            "source": "toronto-list",
        },
    )
    assert "Added: 1" in html and "line 3: no name" in html
    assert Facility.objects.get().source.label == "Toronto list"
