import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_parent_finds_reads_and_searches_the_library_on_a_phone(page, axe_check):
    page.goto("/learn/")
    axe_check(page, "library index")

    page.fill("#library-q", "narcan")
    page.locator("#search-results li").first.wait_for()
    assert "Naloxone" in page.locator("#search-results li").first.inner_text()
    assert "q=narcan" in page.url  # htmx pushes the query, so back and reload keep it

    page.goto("/learn/signs-of-use/")
    axe_check(page, "article")
    assert page.locator("footer.sources li").count() >= 2
    page.locator(".prose a.glossary-link").first.click()
    page.wait_for_url(re.compile(r"/learn/glossary/#"))
    axe_check(page, "glossary")

    page.goto("/fr/learn/glossary/")
    assert page.locator("#iop").is_visible()


def test_search_works_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/learn/")
    page.fill("#library-q", "intensive outpatient")
    page.click(".search-form button[type=submit]")
    page.wait_for_url(re.compile(r"/learn/search/\?q="))
    assert page.locator("a[href='/learn/glossary/iop/']").count() == 1
    context.close()
