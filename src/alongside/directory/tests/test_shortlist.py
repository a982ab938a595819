from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.audit.models import AuditEvent
from alongside.directory import services
from alongside.directory.importers import import_files
from alongside.directory.models import CallLog, Facility, ShortlistItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def facility(locator_bytes):
    import_files([("sample.json", locator_bytes)])
    return Facility.objects.get(name="Addiction Allies LLC")


def test_a_facility_posted_from_its_page_lands_on_the_shortlist_with_its_details(
    client, circle_members, facility
):
    c = circle_members
    client.force_login(c["supporter"])
    response = client.post(
        reverse("directory:shortlist_add", args=[c["circle"].id]),
        {
            "kind": "facility",
            "ref": str(facility.pk),
            "name": "Something else",
            "phone": "",
            "address": "",
            "url": "",
            "visibility": "supporters",
        },
    )
    item = ShortlistItem.objects.get()
    assert response["Location"] == reverse("directory:shortlist_item", args=[c["circle"].id, item.id])
    # For a facility we know, the copy comes from the directory, not the form.
    assert (item.name, item.phone, item.url) == (facility.name, facility.phone, facility.website)
    assert item.author == c["supporter"] and item.visibility == "supporters"
    assert AuditEvent.objects.filter(target_id=str(item.id), action="created").exists()


def test_a_meeting_page_can_post_a_meeting_with_its_own_snapshot(client, circle_members):
    c = circle_members
    client.force_login(c["organiser"])
    client.post(
        reverse("directory:shortlist_add", args=[c["circle"].id]),
        {
            "kind": "meeting",
            "ref": "mg:42",
            "name": "Tuesday Family Group",
            "phone": "",
            "address": "1 Church St, Toronto",
            "url": "https://example.org/meeting",
            "visibility": "circle",
        },
    )
    item = ShortlistItem.objects.get()
    assert (item.kind, item.ref, item.name, item.address) == (
        "meeting",
        "mg:42",
        "Tuesday Family Group",
        "1 Church St, Toronto",
    )
    assert ShortlistItem.objects.visible_to(c["person"]).filter(pk=item.pk).exists()  # "the whole circle"


def test_the_service_is_there_for_the_meetings_app(circle_members):
    c = circle_members
    item = services.add_to_shortlist(
        c["organiser"],
        c["circle"],
        kind="meeting",
        ref="bmlt:7",
        name="Hope NA",
        phone="",
        address="",
        url="",
        visibility="supporters",
    )
    again = services.add_to_shortlist(
        c["organiser"],
        c["circle"],
        kind="meeting",
        ref="bmlt:7",
        name="Hope NA",
        phone="",
        address="",
        url="",
        visibility="supporters",
    )
    assert again == item and ShortlistItem.objects.count() == 1
    with pytest.raises(ValueError):
        services.add_to_shortlist(
            c["organiser"],
            c["circle"],
            kind="pizza",
            ref="1",
            name="x",
            phone="",
            address="",
            url="",
            visibility="supporters",
        )


def test_a_post_with_nothing_in_it_says_what_is_missing_and_saves_nothing(client, circle_members):
    c = circle_members
    client.force_login(c["supporter"])
    response = client.post(reverse("directory:shortlist_add", args=[c["circle"].id]), {})
    assert response.status_code == 200 and "Something is missing" in response.content.decode()
    assert not ShortlistItem.objects.exists()


def test_a_private_item_stays_private(client, circle_members, facility):
    c = circle_members
    item = services.add_to_shortlist(
        c["person"], c["circle"], kind="facility", ref=str(facility.pk), name="", visibility="only_me"
    )
    client.force_login(c["organiser"])
    assert (
        facility.name
        not in client.get(reverse("directory:shortlist", args=[c["circle"].id])).content.decode()
    )
    assert client.get(reverse("directory:shortlist_item", args=[c["circle"].id, item.id])).status_code == 404


def test_who_called_when_and_what_they_learned_goes_in_the_log(client, circle_members, facility):
    c = circle_members
    item = services.add_to_shortlist(
        c["organiser"], c["circle"], kind="facility", ref=str(facility.pk), name="", visibility="circle"
    )
    client.force_login(c["person"])
    url = reverse("directory:call_add", args=[c["circle"].id, item.id])
    bad = client.post(
        url, {"called_at": "", "outcome": "spoke", "waiting_list": "Two weeks", "visibility": "circle"}
    )
    assert (
        bad.status_code == 200 and 'value="Two weeks"' in bad.content.decode()
    )  # kept while the date is fixed
    client.post(
        url,
        {
            "called_at": "2026-11-20T10:30",
            "outcome": "spoke",
            "waiting_list": "Two weeks",
            "cost": "Medicaid covers it",
            "intake_steps": "Phone assessment first",
            "visibility": "circle",
        },
    )
    call = CallLog.objects.get()
    assert call.author == c["person"] and call.waiting_list == "Two weeks"
    page = client.get(reverse("directory:shortlist_item", args=[c["circle"].id, item.id])).content.decode()
    assert "Medicaid covers it" in page and "Phone assessment first" in page
    client.force_login(c["organiser"])
    assert (
        "Two weeks"
        in client.get(reverse("directory:shortlist_item", args=[c["circle"].id, item.id])).content.decode()
    )


def test_only_the_author_edits_or_removes_an_item(client, circle_members, facility):
    c = circle_members
    item = services.add_to_shortlist(
        c["organiser"], c["circle"], kind="facility", ref=str(facility.pk), name="", visibility="circle"
    )
    client.force_login(c["supporter"])
    assert (
        client.post(reverse("directory:shortlist_item_delete", args=[c["circle"].id, item.id])).status_code
        == 404
    )
    client.force_login(c["organiser"])
    client.post(
        reverse("directory:shortlist_item_edit", args=[c["circle"].id, item.id]),
        {"notes": "Ask about evening groups", "visibility": "circle"},
    )
    item.refresh_from_db()
    assert item.notes == "Ask about evening groups"
    client.post(reverse("directory:shortlist_item_delete", args=[c["circle"].id, item.id]))
    assert not ShortlistItem.objects.exists()
