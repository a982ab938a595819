"""Invitations e-mailed from the page after creating a circle: language, expiry, resend."""

import pytest
from django.core import mail
from django.urls import reverse

from alongside.circles.models import Invitation, Membership
from alongside.circles.services import find_invitation

pytestmark = pytest.mark.django_db


def management(total=3):
    return {"invitee-TOTAL_FORMS": str(total), "invitee-INITIAL_FORMS": "0", "next": ""}


def test_each_row_with_an_address_is_emailed_in_the_inviters_language(client, circle_members):
    c = circle_members
    client.force_login(c["organiser"])
    data = management() | {
        "invitee-0-name": "Rosa",
        "invitee-0-email": "rosa@example.org",
        "invitee-0-role": "supporter",
        "invitee-1-name": "",
        "invitee-1-email": "",
        "invitee-1-role": "supporter",
        "invitee-2-name": "",
        "invitee-2-email": "dr@example.org",
        "invitee-2-role": "professional",
    }
    url = "/es" + reverse("circles:invite_people", args=[c["circle"].id])
    response = client.post(url, data)
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["dr@example.org", "rosa@example.org"]
    rosa = next(m for m in mail.outbox if m.to[0] == "rosa@example.org")
    assert "Olive le invita al círculo de Sam" in rosa.subject
    assert "Hola Rosa" in rosa.body and "/es/invite/" in rosa.body
    # The address is encrypted at rest, so no query can look it up: find it in Python.
    by_address = {invitation.email: invitation for invitation in Invitation.objects.all()}
    assert set(by_address) == {"rosa@example.org", "dr@example.org"}
    assert (
        by_address["rosa@example.org"].sent_at is not None and by_address["rosa@example.org"].label == "Rosa"
    )
    assert by_address["dr@example.org"].role == "professional"


def test_a_name_without_an_address_is_refused_and_keeps_what_was_typed(client, circle_members):
    c = circle_members
    client.force_login(c["organiser"])
    data = management(1) | {"invitee-0-name": "Rosa", "invitee-0-email": "", "invitee-0-role": "supporter"}
    response = client.post(reverse("circles:invite_people", args=[c["circle"].id]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Rosa"' in body and "Add their e-mail address" in body
    assert not mail.outbox and not Invitation.objects.exists()


def test_the_members_page_shows_the_expiry_and_sending_again_gives_a_new_link(
    client, circle_members, make_user
):
    c = circle_members
    client.force_login(c["organiser"])
    data = management(1) | {
        "invitee-0-name": "Rosa",
        "invitee-0-email": "rosa@example.org",
        "invitee-0-role": "supporter",
    }
    client.post(reverse("circles:invite_people", args=[c["circle"].id]), data)
    first_link = mail.outbox[0].body.split("/invite/")[1].split("/")[0]
    invitation = Invitation.objects.get()
    members = client.get(reverse("circles:members", args=[c["circle"].id])).content.decode()
    assert "rosa@example.org" in members and "works until" in members and "Send again" in members

    client.post(reverse("circles:resend_invitation", args=[c["circle"].id, invitation.id]))
    assert len(mail.outbox) == 2
    second_link = mail.outbox[1].body.split("/invite/")[1].split("/")[0]
    assert second_link != first_link
    assert find_invitation(first_link) is None
    client.force_login(make_user("Rosa"))
    assert client.get(reverse("circles:accept", args=[first_link])).status_code == 404
    client.post(reverse("circles:accept", args=[second_link]))
    assert Membership.objects.filter(circle=c["circle"], user__email="rosa@example.org").exists()


def test_only_organisers_may_invite_by_email_or_send_again(client, circle_members):
    c = circle_members
    client.force_login(c["supporter"])
    assert client.get(reverse("circles:invite_people", args=[c["circle"].id])).status_code == 404
    home = client.get(reverse("circles:detail", args=[c["circle"].id])).content.decode()
    assert "Invite by e-mail" not in home


def test_the_invite_card_is_high_on_the_circle_home_for_organisers(client, circle_members):
    c = circle_members
    client.force_login(c["organiser"])
    home = client.get(reverse("circles:detail", args=[c["circle"].id])).content.decode()
    assert "4 people in this circle" in home
    assert home.index("invite-card-heading") < home.index('class="cards"')


def test_the_invite_card_counts_unused_invitations_in_the_same_queries_however_many(client, circle_members):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from alongside.circles.services import create_invitation, revoke_invitation

    c = circle_members
    client.force_login(c["organiser"])
    url = reverse("circles:detail", args=[c["circle"].id])
    create_invitation(c["organiser"], c["circle"], role="supporter", email="a@example.org")
    client.get(url)  # the first visit remembers the circle in the session
    with CaptureQueriesContext(connection) as one:
        home = client.get(url).content.decode()
    assert "1 invitation not used yet." in home
    for n in range(3):
        create_invitation(c["organiser"], c["circle"], role="supporter", label=f"link {n}")
    revoked, _token = create_invitation(c["organiser"], c["circle"], role="supporter")
    revoke_invitation(c["organiser"], revoked)
    with CaptureQueriesContext(connection) as four:
        home = client.get(url).content.decode()
    assert "4 invitations not used yet." in home  # the withdrawn one is not counted
    assert "a@example.org" not in home  # who was invited is on the members page, not here
    assert len(four.captured_queries) == len(one.captured_queries)
