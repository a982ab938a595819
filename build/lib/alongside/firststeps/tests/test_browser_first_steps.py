import re

import pytest

from alongside.firststeps import content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_visitor_finds_next_actions_signs_up_and_starts_the_family_path(page, axe_check):
    situation = content.load("en").situation("will-not-talk")
    first_step = content.load("en").path[0]

    page.goto("/")
    page.click(f"a.situation-link:has-text('{situation.label}')")
    page.wait_for_url(re.compile(r"/start/will-not-talk/"))
    axe_check(page, "situation")

    # Follow an action into the library, then come back.
    page.locator(".actions-list a[href^='/learn/']").first.click()
    page.wait_for_url(re.compile(r"/learn/[a-z-]+/$"))
    assert page.locator("footer.sources li").count() >= 2
    page.go_back()
    page.wait_for_url(re.compile(r"/start/will-not-talk/"))

    page.click("text=Start a private circle")
    page.wait_for_url(re.compile(r"/accounts/signup/"))
    page.fill("#id_display_name", "Nadia")
    page.fill("#id_email", "nadia@example.org")
    page.fill("#id_password1", "a-long-test-password")
    page.fill("#id_password2", "a-long-test-password")
    page.click("form[action*='/accounts/signup/'] button[type=submit]")
    page.wait_for_url(re.compile(r"/circles/new/"))
    page.fill("#id_person_name", "Leo")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/start/will-not-talk/"))

    page.click("text=Save to Leo's circle")
    page.wait_for_url(re.compile(r"/c/[0-9a-f-]+/$"))
    home = page.locator("main").inner_text()
    assert situation.label in home
    assert first_step.title in home
    axe_check(page, "circle home with first steps")

    page.goto(page.url + "path/")
    axe_check(page, "family path")
    for _ in range(2):
        page.locator("li.card form button:has-text('Mark as done')").first.click()
        page.wait_for_load_state()
    assert "2 of 8 steps done" in page.locator("main").inner_text()


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_the_start_and_a_situation_are_accessible_in_spanish_and_french(page, axe_check, lang):
    page.goto(f"/{lang}/start/")
    assert page.locator("html").get_attribute("lang") == lang
    axe_check(page, f"start {lang}")
    page.goto(f"/{lang}/start/want-help-now/")
    assert content.load(lang).situation("want-help-now").label in page.locator("h1").inner_text()
    axe_check(page, f"situation {lang}")
