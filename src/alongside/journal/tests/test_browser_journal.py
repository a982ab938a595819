import re

import pytest

from alongside.journal.models import Contact, Observation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supporter_logs_an_observation_in_under_ten_taps_and_sees_it_on_the_timeline(
    page, log_in, axe_check, circle_members
):
    c = circle_members
    circle = c["circle"]
    log_in(c["supporter"])
    page.goto(f"/c/{circle.id}/journal/")
    axe_check(page, "empty timeline")

    taps = 0

    def tap(locator):
        nonlocal taps
        locator.click()
        taps += 1

    tap(page.get_by_role("link", name="Log what you noticed").first)
    page.wait_for_url(re.compile(r"/journal/observe/$"))
    axe_check(page, "observation form")
    tap(page.get_by_label("Very small pupils"))
    tap(page.get_by_label("Money or belongings missing at home"))
    tap(page.get_by_label("Quite worried"))
    tap(page.locator("main form button[type=submit]"))
    page.wait_for_url(re.compile(r"/journal/$"))
    assert taps < 10
    text = page.locator("main").inner_text()
    assert "Saved. It is on the timeline." in text
    assert "Very small pupils, Money or belongings missing at home" in text
    assert Observation.objects.get().signs == ["small_pupils", "things_missing"]
    axe_check(page, "timeline with an entry")
    page.get_by_role("link", name="Very small pupils, Money or belongings missing at home").click()
    page.wait_for_url(re.compile(r"/journal/observations/"))
    assert "Quite worried" in page.locator("main").inner_text()
    axe_check(page, "observation page")
    page.goto(f"/c/{circle.id}/journal/")

    # One tap records a contact, and the last contact shows.
    page.get_by_role("button", name="Spoke on the phone").click()
    page.wait_for_load_state()
    assert "Last contact:" in page.locator("main").inner_text()
    assert Contact.objects.get().how == "call"

    for path in ("patterns/", "contact/", "print/"):
        page.goto(f"/c/{circle.id}/journal/{path}")
        axe_check(page, path)
    page.goto(f"/c/{circle.id}/self-care/")
    page.fill("#id_stress", "8")
    page.get_by_label("I slept badly").check()
    page.get_by_label("Low", exact=True).check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/self-care/$"))
    assert "Thank you for checking in with yourself." in page.locator("main").inner_text()
    axe_check(page, "self-care with a check-in")
    page.goto(f"/c/{circle.id}/")
    axe_check(page, "circle home with the journal card")
    page.goto(f"/es/c/{circle.id}/journal/")
    axe_check(page, "timeline in Spanish")
    page.goto(f"/fr/c/{circle.id}/journal/patterns/")
    axe_check(page, "patterns in French")


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_the_print_period_on_a_phone_explains_a_backwards_range_and_keeps_both_days(
    page, log_in, axe_check, circle_members, lang
):
    from django.utils import translation

    c = circle_members
    log_in(c["supporter"])
    page.goto(f"/{lang}/c/{c['circle'].id}/journal/print/")
    assert page.locator("html").get_attribute("lang") == lang
    axe_check(page, f"print period {lang}")
    page.fill("#id_since", "2026-05-10")
    page.fill("#id_until", "2026-05-01")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    with translation.override(lang):
        message = translation.gettext(
            "The “To” day is before the “From” day. Choose a “To” day on or after the “From” day."
        )
    assert message != "The “To” day is before the “From” day. Choose a “To” day on or after the “From” day."
    assert message in page.locator("main").inner_text()
    assert page.input_value("#id_since") == "2026-05-10" and page.input_value("#id_until") == "2026-05-01"
    axe_check(page, f"print period error {lang}")
