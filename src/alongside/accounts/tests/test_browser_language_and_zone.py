"""A phone in Mexico City set to Spanish: the first visit is in Spanish, sign-up takes the
browser's language and clock, a new circle is on Mexico City time, and the first reminder
e-mail is written in Spanish."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from alongside.accounts.models import User
from alongside.circles.models import Circle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEXICO_CITY = "America/Mexico_City"


@pytest.fixture
def mexican_phone(browser, live_server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        base_url=live_server.url,
        locale="es-MX",
        timezone_id=MEXICO_CITY,
        extra_http_headers={"Accept-Language": "es-MX,es;q=0.9"},
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_up(page, email, axe_check=None):
    page.click("nav a[href$='/accounts/signup/']")
    page.wait_for_url(re.compile(r"/es/accounts/signup/"))
    if axe_check:
        axe_check(page, "sign-up in Spanish")
    # zone.js has read the browser's zone into the picker, shown here to confirm.
    assert page.input_value("#id_time_zone") == MEXICO_CITY
    assert page.input_value("#id_language") == "es"
    page.fill("#id_display_name", "Lupita")
    page.fill("#id_email", email)
    page.fill("#id_password1", "a-long-test-password")
    page.fill("#id_password2", "a-long-test-password")
    page.click("form[action$='/accounts/signup/'] button[type=submit]")
    page.wait_for_url(re.compile(r"/es/circles/"))


def test_a_spanish_phone_in_mexico_city_gets_spanish_pages_and_a_mexico_city_circle(mexican_phone, axe_check):
    page = mexican_phone
    page.goto("/")
    page.wait_for_url(re.compile(r"/es/$"))
    assert page.locator("html").get_attribute("lang") == "es"
    assert "Salida rápida" in page.locator("header").inner_text()
    # The language choice is at the top of the page.
    assert page.locator("header #language-select").input_value() == "es"
    axe_check(page, "home in Spanish")
    sign_up(page, "lupita@example.org", axe_check)
    page.goto("/es/circles/new/")
    assert page.input_value("#id_time_zone") == MEXICO_CITY
    assert (
        "Ciudad de México" in page.locator("#id_time_zone option:checked").inner_text()
        or "Mexico City" in page.locator("#id_time_zone option:checked").inner_text()
    )
    axe_check(page, "create a circle in Spanish")
    page.fill("#id_person_name", "Beto")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/es/c/[0-9a-f-]+/members/invite-by-email/"))  # inviting comes next
    page.click("main a:has-text('Más tarde')")
    page.wait_for_url(re.compile(r"/es/c/[0-9a-f-]+/$"))
    assert [c.time_zone for c in Circle.objects.all() if c.person_name == "Beto"] == [
        MEXICO_CITY
    ]  # name encrypted
    assert User.objects.get(email="lupita@example.org").time_zone == MEXICO_CITY


def test_signing_up_in_spanish_stores_spanish_and_the_first_reminder_email_is_in_spanish(mexican_phone):
    from alongside.reminders import services as reminders
    from alongside.safety.models import NaloxoneKit

    page = mexican_phone
    page.goto("/es/")
    sign_up(page, "rosa@example.org")
    member = User.objects.get(email="rosa@example.org")
    assert member.language == "es"
    page.goto("/es/circles/new/")
    page.fill("#id_person_name", "Beto")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/es/c/[0-9a-f-]+/members/invite-by-email/"))  # inviting comes next
    page.click("main a:has-text('Más tarde')")
    page.wait_for_url(re.compile(r"/es/c/[0-9a-f-]+/$"))
    (circle,) = [c for c in Circle.objects.all() if c.person_name == "Beto"]  # the name is encrypted at rest
    mail.outbox.clear()  # the address confirmation from sign-up
    NaloxoneKit.objects.create(
        circle=circle,
        author=member,
        visibility="circle",
        location="cocina",
        expires_on=timezone.now().date() + timedelta(days=20),
    )
    now = timezone.now()
    reminders.scan(now)
    reminders.deliver_due(now)
    reminders.deliver_due(
        now + timedelta(hours=9)
    )  # after quiet hours (22:00 to 07:00 in Mexico City), if now is in them
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Tiene un nuevo recordatorio"  # neutral: no app name by default
    assert "Abra este enlace para leerlo:" in message.body and "/es/" in message.body
    assert "Open this link" not in message.body
