"""A visitor reads the family path, chooses "save your progress", signs up, starts a
circle and comes back to the path, now in their circle. Error pages pass axe too."""

import re

import pytest

from alongside.firststeps import content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_visitor_reads_the_path_and_saves_progress_through_sign_up_and_back(page, axe_check, lang):
    prefix = "" if lang == "en" else f"/{lang}"
    page.goto(prefix + "/")
    page.click(f"main a[href='{prefix}/start/family-path/']")
    page.wait_for_url(re.compile(r"/start/family-path/$"))
    assert page.locator("main li.card").count() == len(content.load(lang).path)
    axe_check(page, f"family path preview ({lang})")
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1]

    page.locator("main a.button").first.click()
    page.wait_for_url(re.compile(r"/accounts/signup/"))
    page.fill("#id_display_name", "Nadia")
    page.fill("#id_email", f"nadia-{lang}@example.org")
    page.fill("#id_password1", "a-long-test-password")
    page.fill("#id_password2", "a-long-test-password")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/circles/new/"))
    page.fill("#id_person_name", "Leo")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/invite-by-email/"))
    page.locator("main form a").first.click()  # "Later"
    page.wait_for_url(re.compile(r"/c/[0-9a-f-]+/path/$"))
    assert page.locator("main form button").first.is_visible()  # steps can now be marked as done


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_404_page_is_accessible_and_has_a_way_back(page, axe_check, lang):
    prefix = "" if lang == "en" else f"/{lang}"
    response = page.goto(prefix + "/no-such-page/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("#quick-exit").is_visible() and page.locator(".emergency-link").is_visible()
    axe_check(page, f"404 ({lang})")
    page.locator("main a.button").click()
    page.wait_for_url(re.compile(rf"{prefix}/$"))
