import re
from datetime import timedelta

import pytest
from django.utils import timezone

from alongside.care.models import RideOffer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_daily_dosing_appointment_gets_a_driver_who_shows_on_the_organiser_s_week(
    page, browser, live_server, log_in, axe_check, circle_members
):
    c = circle_members
    circle = c["circle"]
    tomorrow = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%d")

    log_in(c["person"])
    page.goto(f"/c/{circle.id}/care/appointments/new/")
    axe_check(page, "new appointment")
    page.select_option("#id_kind", "dosing")
    page.fill("#id_title", "Morning dosing")
    page.fill("#id_starts_at", f"{tomorrow}T07:30")
    page.select_option("#id_repeat", "daily")
    page.check("#id_needs_ride")
    page.check("input[name=visibility][value=circle]")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/care/appointments/$"))
    assert "Morning dosing" in page.locator("main").inner_text()
    axe_check(page, "appointments")

    other = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    driver_page = other.new_page()
    driver_page.goto("/accounts/login/")
    driver_page.fill("#id_login", c["supporter"].email)
    driver_page.fill("#id_password", "a-long-test-password")
    driver_page.click("form[action$='/accounts/login/'] button[type=submit]")
    driver_page.wait_for_load_state()
    driver_page.goto(f"/c/{circle.id}/care/appointments/")
    driver_page.locator("button:has-text('I can drive')").first.click()
    driver_page.wait_for_load_state()
    assert "down to drive" in driver_page.locator(".messages").inner_text()
    other.close()
    assert RideOffer.objects.filter(driver=c["supporter"]).count() == 1

    page.context.clear_cookies()
    log_in(c["organiser"])
    page.goto(f"/c/{circle.id}/care/rides/")
    text = page.locator("main").inner_text()
    assert "Sid drives" in text and "Morning dosing" in text
    axe_check(page, "rides this week")
    page.goto(f"/es/c/{circle.id}/care/rides/")
    axe_check(page, "rides in Spanish")
