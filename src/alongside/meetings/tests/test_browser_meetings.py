import re

import pytest

from alongside.directory.models import ShortlistItem
from alongside.meetings import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_family_member_finds_a_families_meeting_near_toronto_and_saves_it(
    page, log_in, axe_check, circle_members
):
    demo.add_demo()
    log_in(circle_members["supporter"])
    page.goto("/help/meetings/")
    axe_check(page, "meetings")
    page.check("#id_families")
    page.fill("#id_place", "Toronto, ON")
    page.select_option("#id_miles", "10")
    page.click("#meeting-filters button[type=submit]")
    page.wait_for_url(re.compile(r"families=on"))
    results = page.locator(".meeting-list").inner_text()
    assert "Wednesday Night Parents (sample)" in results and "Saturday Morning Serenity (sample)" in results
    assert "Just for Today" not in results and "Hope on Tuesdays" not in results
    assert "Sample data" in results
    axe_check(page, "meetings for families near Toronto")

    page.click("text=Wednesday Night Parents (sample)")
    page.wait_for_url(re.compile(r"/help/meetings/[0-9a-f-]+/"))
    assert "This is sample data" in page.locator("main").inner_text()
    axe_check(page, "meeting detail")
    page.click('button:has-text("Save to the circle\'s shortlist")')
    page.wait_for_load_state()
    assert "Wednesday Night Parents (sample)" in [
        i.name for i in ShortlistItem.objects.filter(kind="meeting")
    ]


@pytest.mark.parametrize("lang", ["", "/es", "/fr"])
def test_the_meetings_pages_pass_axe_in_each_language(page, axe_check, lang):
    demo.add_demo()
    page.goto(f"{lang}/help/meetings/?tz=Europe/Paris")
    assert page.locator(".meeting-card").count() == len(demo.SAMPLES)
    axe_check(page, f"meetings {lang or 'en'}")
    page.goto(f"{lang}/help/meetings/next/?place=Nowhere+Zzz")
    assert page.locator("#place-error").count() == 1
    axe_check(page, f"next meetings with an error {lang or 'en'}")
    page.goto(f"{lang}/help/meetings/next/?attendance=online")
    axe_check(page, f"next meetings {lang or 'en'}")
    page.goto(f"{lang}/help/meetings/")
    page.locator(".meeting-card h3 a").first.click()
    page.wait_for_url(re.compile(r"/help/meetings/[0-9a-f-]+/"))
    axe_check(page, f"meeting detail {lang or 'en'}")


def test_use_my_location_lists_the_nearest_meetings_first(page, axe_check):
    demo.add_demo()
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 43.6532, "longitude": -79.3832})
    page.goto("/help/meetings/")
    page.click("#use-my-location")
    page.wait_for_url(re.compile(r"lat=43\.6532"))
    cards = page.locator(".meeting-card h3 a").all_inner_texts()
    # About 0.7, 0.8 and 2.1 miles from the point; Charlottesville and Montréal are far beyond 25 miles.
    assert cards == [
        "Wednesday Night Parents (sample)",
        "Saturday Morning Serenity (sample)",
        "Just for Today Toronto (sample)",
    ]
    assert "Using the location your browser shared." in page.locator("main").inner_text()
    axe_check(page, "meetings near the browser's location")


def test_the_host_imports_a_bmlt_file_from_the_browser(page, log_in, axe_check, make_user):
    import io

    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.core.management import call_command

    from alongside.accounts.tests.totp import totp_now
    from alongside.meetings.models import Meeting

    from .conftest import BMLT_FIXTURE

    host = make_user("Host", is_staff=True)
    secret = generate_totp_secret()
    TOTP.activate(host, secret)
    log_in(host)  # the password, then the second factor the host's pages require
    page.fill("#id_code", totp_now(secret))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    page.goto("/help/meetings/import/")
    axe_check(page, "meeting import")
    page.set_input_files("#id_file", str(BMLT_FIXTURE))
    page.fill("#id_source", "na-area")
    page.select_option("#id_time_zone", "America/New_York")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "waiting to start" in page.locator("main").inner_text()
    axe_check(page, "meeting import waiting")
    call_command("worker", batch=True, interval=0, verbosity=0, stdout=io.StringIO())
    # The page polls (htmx) and swaps in the report by itself.
    page.get_by_text("Added: 6").wait_for(timeout=10_000)
    assert Meeting.objects.filter(source="na-area", fellowship="na").count() == 6
    axe_check(page, "meeting import report")
