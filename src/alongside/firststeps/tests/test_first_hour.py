"""First steps without dead ends: the situation can be changed, situation pages link into
the member's own circle, and the family path can be read (and "saved") before signing up."""

import re

import pytest
from django.urls import reverse

from alongside.firststeps import content

pytestmark = pytest.mark.django_db


def test_the_situation_can_be_changed_from_the_circle_home_and_the_family_path(client, circle_members):
    c = circle_members
    client.force_login(c["supporter"])
    client.post(reverse("firststeps:save_situation", args=[c["circle"].id]), {"situation": "will-not-talk"})
    start = reverse("firststeps:start")
    home = client.get(reverse("circles:detail", args=[c["circle"].id])).content.decode()
    assert f'href="{start}">Change the situation' in home
    path = client.get(reverse("firststeps:path", args=[c["circle"].id])).content.decode()
    assert f'href="{start}">Where are you right now? Change the situation' in path
    # Choosing another situation replaces the saved one.
    client.post(reverse("firststeps:save_situation", args=[c["circle"].id]), {"situation": "want-help-now"})
    home = client.get(reverse("circles:detail", args=[c["circle"].id])).content.decode()
    assert content.load("en").situation("want-help-now").label in home
    assert content.load("en").situation("will-not-talk").label not in home


def test_a_situation_page_links_a_member_to_the_journal_in_their_own_circle(client, circle_members):
    c = circle_members
    url = reverse("firststeps:situation", args=["may-be-using"])
    journal = reverse("journal:timeline", args=[c["circle"].id])
    visitor = client.get(url).content.decode()
    assert "This tool is inside a private circle." in visitor and journal not in visitor
    client.force_login(c["organiser"])
    member = client.get(url).content.decode()
    assert (
        f'href="{journal}' in member or f'href="{reverse("journal:observe", args=[c["circle"].id])}' in member
    )
    assert "This tool is inside a private circle." not in member


def test_start_one_from_a_situation_keeps_the_situation_through_sign_up(client):
    page = client.get(reverse("firststeps:situation", args=["will-not-talk"])).content.decode()
    links = set(re.findall(r'href="(/accounts/signup/\?next=[^"]+)"', page))
    assert links, "no sign-up link"
    for link in links:
        signed_up = client.post(
            link.replace("&amp;", "&"),
            {
                "display_name": "Nadia",
                "email": f"nadia{len(link)}@example.org",
                "password1": "a-long-test-password",
                "password2": "a-long-test-password",
            },
        )
        assert signed_up.status_code == 302
        assert signed_up["Location"].startswith("/circles/new/?next=")
        created = client.post(signed_up["Location"], {"person_name": "Leo", "time_zone": "UTC"})
        invite_page = client.get(created["Location"]).content.decode()
        assert 'href="/start/will-not-talk/"' in invite_page  # "Later" goes back to the situation
        client.logout()


def test_the_family_path_is_readable_before_signing_up(client):
    page = client.get(reverse("firststeps:path_preview")).content.decode()
    for step in content.load("en").path:
        assert step.title in page
    assert "Mark as done" not in page
    save = re.search(r'<a class="button" href="([^"]+)">Save your progress', page).group(1)
    assert save.startswith("/accounts/signup/?next=") and "path" in save
    assert "family-path" in client.get(reverse("firststeps:start")).content.decode()


def test_the_spanish_family_path_preview_is_in_spanish(client):
    page = client.get("/es" + reverse("firststeps:path_preview")).content.decode()
    assert "Guardar su avance" in page and content.load("es").path[0].title in page


def test_a_member_opening_the_preview_goes_to_the_path_in_their_circle(client, circle_members):
    c = circle_members
    client.force_login(c["supporter"])
    response = client.get(reverse("firststeps:path_preview"))
    assert response["Location"] == reverse("firststeps:path", args=[c["circle"].id])
