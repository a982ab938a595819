"""Every search and filter page, on a phone: after submitting, the first result (or the
"nothing matched, try this" message) is on the screen, not under the form again."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_HEIGHT = 844


def assert_on_screen(page, selector: str) -> None:
    first = page.locator(selector).first
    first.wait_for()
    page.wait_for_function("() => document.readyState === 'complete'")
    box = first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    assert -1 <= box["y"] < PHONE_HEIGHT - 40, (
        f"{selector} starts {box['y']:.0f} px down, out of view on a phone"
    )


def test_meetings_after_show_meetings(page):
    from alongside.meetings import demo

    demo.add_demo()
    page.goto("/help/meetings/")
    page.check("#id_families")
    page.click("#meeting-filters button[type=submit]")
    page.wait_for_url(re.compile(r"families=on.*#results$"))
    assert_on_screen(page, ".meeting-card")


def test_meetings_with_nothing_found_show_what_to_try(page):
    from alongside.meetings import demo

    demo.add_demo()
    page.goto("/help/meetings/")
    page.fill("#id_place", "Nowhere Zzz")
    page.click("#meeting-filters button[type=submit]")
    page.wait_for_url(re.compile(r"#results$"))
    assert_on_screen(page, "#results + .form-errors")
    assert page.locator("#place-error").count() == 1


def test_next_meetings_after_showing(page):
    from alongside.meetings import demo

    demo.add_demo()
    page.goto("/help/meetings/next/")
    page.select_option("#id_attendance", "online")
    page.click("#meeting-filters button[type=submit]")
    page.wait_for_url(re.compile(r"#results$"))
    assert_on_screen(page, ".meeting-card, #results ~ p:not(.small)")


def test_treatment_search(page):
    from alongside.directory.importers import import_files
    from alongside.directory.tests.conftest import LOCATOR_FIXTURE

    import_files([(LOCATOR_FIXTURE.name, LOCATOR_FIXTURE.read_bytes())])
    page.goto("/help/treatment/")
    page.fill("#id_q", "22902")
    page.click("#treatment-search button[type=submit]")
    page.wait_for_url(re.compile(r"q=22902.*#results$"))
    assert_on_screen(page, ".facility-results > li")


def test_helplines_after_choosing_a_country(page):
    page.goto("/help/helplines/")
    page.select_option("#helpline-country", "CA")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"country=CA#results$"))
    assert_on_screen(page, "#results .card")


def test_library_search_with_and_without_scripts(browser, live_server):
    for scripts in (True, False):
        context = browser.new_context(
            viewport={"width": 390, "height": PHONE_HEIGHT},
            base_url=live_server.url,
            java_script_enabled=scripts,
        )
        page = context.new_page()
        page.goto("/learn/")
        page.fill("#library-q", "naloxone")
        page.click("form[role=search] button[type=submit]")
        page.wait_for_url(re.compile(r"/learn/search/\?q=naloxone"))
        assert_on_screen(page, "#search-results .results li")
        context.close()


def test_journal_timeline_filter(page, log_in, circle_members):
    from alongside.journal.models import Observation

    c = circle_members
    for worry in range(1, 4):
        Observation.objects.create(
            circle=c["circle"], author=c["supporter"], visibility="supporters", worry=worry
        )
    log_in(c["supporter"])
    page.goto(f"/c/{c['circle'].id}/journal/")
    page.click("details.filters summary")
    page.select_option("#id_kind", index=1)
    page.click("details.filters button[type=submit]")
    page.wait_for_url(re.compile(r"kind=.*#results$"))
    assert_on_screen(page, ".timeline li, #results + p")
