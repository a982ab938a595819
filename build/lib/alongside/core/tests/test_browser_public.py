import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_shows_the_welcome_page_without_accessibility_problems(page, axe_check):
    page.goto("/")
    assert page.locator("h1").inner_text().startswith("For the family and friends")
    axe_check(page)


def test_a_visitor_switches_to_spanish_and_the_page_is_in_spanish(page, axe_check):
    page.goto("/")
    page.select_option("#language-select", "es")
    page.wait_for_url(re.compile(r"/es/$"))
    assert page.locator("html").get_attribute("lang") == "es"
    assert "familia" in page.locator("h1").inner_text().lower()
    axe_check(page, "home in Spanish")
    page.goto("/fr/")
    assert "famille" in page.locator("h1").inner_text().lower()
    axe_check(page, "home in French")


def test_quick_exit_leaves_for_a_neutral_page_and_back_does_not_return(page):
    page.goto("/")
    page.goto("/accounts/login/")
    page.click("#quick-exit")
    page.wait_for_url(re.compile(r"/weather/$"))
    assert "Alongside" not in page.title()
    page.go_back()
    assert "/accounts/login/" not in page.url


def test_pressing_escape_twice_is_a_quick_exit(page):
    page.goto("/accounts/login/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"/weather/$"))
