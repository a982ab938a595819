import re

import pytest

from alongside.directory.importers import import_files
from alongside.directory.models import ShortlistItem
from alongside.directory.tests.conftest import LOCATOR_FIXTURE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supporter_finds_buprenorphine_near_a_zip_code_and_saves_it_to_the_shortlist(
    page, log_in, axe_check, circle_members
):
    import_files([(LOCATOR_FIXTURE.name, LOCATOR_FIXTURE.read_bytes())])
    c = circle_members
    log_in(c["supporter"])

    page.goto("/help/treatment/")
    axe_check(page, "treatment search")
    page.fill("#id_q", "22902")
    page.click("details.filters summary")
    page.check("input[name=medication][value=buprenorphine]")
    page.click("#treatment-search button[type=submit]")
    page.wait_for_url(re.compile(r"medication=buprenorphine"))
    results = page.locator(".facility-results > li")
    assert results.count() > 0
    for text in results.all_inner_texts():
        assert "Buprenorphine" in text and "miles away" in text
    assert page.locator(".facility-results a[href^='tel:']").count() > 0
    axe_check(page, "treatment results")
    results_url = page.url

    page.locator(".facility-results h3 a").first.click()
    page.wait_for_url(re.compile(r"/help/treatment/[0-9a-f-]{36}/$"))
    name = page.locator("h1").inner_text()
    axe_check(page, "facility")
    facility_url = page.url

    page.click("form.shortlist-add button[type=submit]")
    page.wait_for_url(re.compile(r"/help/shortlist/[0-9a-f-]{36}/$"))
    assert "Saved to the shortlist." in page.locator(".messages").inner_text()
    assert page.locator("h1").inner_text() == name
    axe_check(page, "shortlist item")
    item = ShortlistItem.objects.get()
    assert (item.name, item.author, item.kind) == (name, c["supporter"], "facility")
    item_url = page.url

    page.goto(f"/c/{c['circle'].id}/help/shortlist/")
    assert name in page.locator("main").inner_text()
    axe_check(page, "shortlist")

    base = page.url.split("/c/")[0]
    for lang in ("es", "fr"):
        for url in (results_url, facility_url, item_url):
            path = url.removeprefix(base)
            page.goto(f"/{lang}{path}")
            assert page.locator("html").get_attribute("lang") == lang
            axe_check(page, f"{path} in {lang}")


def test_use_my_location_searches_around_the_browser_s_position(browser, live_server):
    import_files([(LOCATOR_FIXTURE.name, LOCATOR_FIXTURE.read_bytes())])
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        geolocation={"latitude": 38.03, "longitude": -78.48},
        permissions=["geolocation"],
    )
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto("/help/treatment/")
        page.click("#use-location")  # shown only when scripts run
        page.wait_for_url(re.compile(r"lat=38\.03"))
        assert "near your location" in page.locator("main").inner_text()
        assert page.locator(".facility-results > li").count() > 0
    finally:
        context.close()
