import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_shows_the_welcome_page_without_accessibility_problems(page, axe_check):
    page.goto("/")
    assert page.locator("h1").inner_text().startswith("For the family and friends")
    axe_check(page)
