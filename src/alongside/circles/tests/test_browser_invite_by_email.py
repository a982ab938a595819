"""The first hour of a new organiser on a phone: create a circle, invite two people by
e-mail from the page that follows, each joins from the link in their e-mail, and the
circle home shows three members. In English and in Spanish."""

import re

import pytest
from django.core import mail

from alongside.circles.models import Circle, Membership, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {
        "prefix": "",
        "later": "Later",
        "send": "Send the invitations",
        "create_account": "Create an account",
        "join": "Join the circle",
        "three": "3 people in this circle",
        "subject": "invites you to",
    },
    "es": {
        "prefix": "/es",
        "later": "Más tarde",
        "send": "Enviar las invitaciones",
        "create_account": "Crear una cuenta",
        "join": "Unirme al círculo",
        "three": "3 personas en este círculo",
        "subject": "le invita",
    },
}


def sign_up(page, prefix, name, email):
    page.fill("#id_display_name", name)
    page.fill("#id_email", email)
    page.fill("#id_password1", "a-long-test-password")
    page.fill("#id_password2", "a-long-test-password")
    page.click("main form[action*='/accounts/signup/'] button[type=submit]")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_new_organiser_invites_two_people_by_email_and_both_join(
    page, browser, live_server, axe_check, lang
):
    text = TEXT[lang]
    mail.outbox.clear()
    page.goto(f"{text['prefix']}/accounts/signup/")
    sign_up(page, text["prefix"], "Maya", f"maya-{lang}@example.org")
    page.wait_for_url(re.compile(r"/circles/"))
    page.goto(f"{text['prefix']}/circles/new/")
    page.fill("#id_person_name", "Jo")
    page.click("main form button[type=submit]")

    # Inviting is the next page, not a card at the bottom of the circle home.
    page.wait_for_url(re.compile(r"/members/invite-by-email/"))
    axe_check(page, f"invite by e-mail ({lang})")
    page.fill("#id_invitee-0-name", "Rosa")
    page.fill("#id_invitee-0-email", f"rosa-{lang}@example.org")
    page.fill("#id_invitee-1-name", "Leo")
    page.fill("#id_invitee-1-email", f"leo-{lang}@example.org")
    mail.outbox.clear()  # the organiser's own address-verification e-mail
    page.click(f"main button:has-text('{text['send']}')")
    page.wait_for_url(re.compile(r"/c/[0-9a-f-]+/$"))
    assert "Rosa" in page.locator(".messages").inner_text()

    invitations = list(mail.outbox)
    assert sorted(m.to[0] for m in invitations) == [f"leo-{lang}@example.org", f"rosa-{lang}@example.org"]
    for message in invitations:
        assert text["subject"] in message.subject and "Maya" in message.subject
    if lang == "es":
        assert "Hola Rosa" in next(m.body for m in invitations if m.to[0].startswith("rosa"))

    for message in invitations:
        link = re.search(r"https?://\S+/invite/\S+/", message.body).group(0)
        assert link.startswith(live_server.url + text["prefix"] + "/invite/")
        context = browser.new_context(viewport={"width": 390, "height": 844})
        guest = context.new_page()
        guest.goto(link)
        guest.click(f"main a:has-text('{text['create_account']}')")
        sign_up(guest, text["prefix"], message.to[0].split("-")[0].title(), message.to[0])
        guest.wait_for_url(re.compile(r"/invite/"))
        guest.click(f"main button:has-text('{text['join']}')")
        guest.wait_for_url(re.compile(r"/c/[0-9a-f-]+/$"))
        assert "Jo" in guest.locator("h1").inner_text()
        context.close()

    page.reload()
    card = page.locator(".invite-card").inner_text()
    assert text["three"] in card
    for name in ("Maya", "Rosa", "Leo"):
        assert name in card
    axe_check(page, f"circle home with three members ({lang})")
    circle = Circle.objects.get(created_by__email=f"maya-{lang}@example.org")
    assert Membership.objects.active().filter(circle=circle, role=Role.SUPPORTER).count() == 2
