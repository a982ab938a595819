from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.directory import services
from alongside.directory.models import ShortlistItem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "data:text/html,hi",
        "vbscript:x",
        "//evil.example/",
    ],
)
def test_the_shortlist_refuses_a_link_that_is_not_a_web_address(client, circle_members, url):
    c = circle_members
    client.force_login(c["supporter"])
    response = client.post(
        reverse("directory:shortlist_add", args=[c["circle"].id]),
        {
            "kind": "meeting",
            "ref": "mg:1",
            "name": "Tuesday group",
            "url": url,
            "visibility": "supporters",
        },
    )
    assert response.status_code == 200
    assert "Only a web address starting with http:// or https:// can be saved." in response.content.decode()
    assert not ShortlistItem.objects.exists()


def test_the_service_drops_a_link_that_is_not_a_web_address(circle_members):
    c = circle_members
    item = services.add_to_shortlist(
        c["supporter"],
        c["circle"],
        kind="meeting",
        ref="mg:2",
        name="Group",
        url="javascript:alert(1)",
        visibility="supporters",
    )
    assert item.url == ""


def test_a_stored_script_link_is_never_rendered_as_a_link(client, circle_members):
    c = circle_members
    item = ShortlistItem.objects.create(
        circle=c["circle"],
        author=c["supporter"],
        visibility="supporters",
        kind="meeting",
        ref="mg:3",
        name="Old row",
        url="javascript:alert(1)",
    )
    client.force_login(c["supporter"])
    page = client.get(reverse("directory:shortlist_item", args=[c["circle"].id, item.id])).content.decode()
    assert "javascript:" not in page


def test_a_web_address_is_kept_and_linked(client, circle_members):
    c = circle_members
    client.force_login(c["supporter"])
    client.post(
        reverse("directory:shortlist_add", args=[c["circle"].id]),
        {
            "kind": "meeting",
            "ref": "mg:4",
            "name": "Group",
            "url": "https://example.org/m",
            "visibility": "supporters",
        },
    )
    item = ShortlistItem.objects.get()
    page = client.get(reverse("directory:shortlist_item", args=[c["circle"].id, item.id])).content.decode()
    assert 'href="https://example.org/m"' in page
