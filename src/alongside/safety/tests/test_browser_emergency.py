import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_until_controlled(page):
    page.evaluate("navigator.serviceWorker.ready")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
    page.wait_for_function("!!navigator.serviceWorker.controller")


@pytest.mark.parametrize(
    "prefix, call_text, heading",
    [
        ("", "Call 911 now", "Signs of an overdose"),
        ("/es", "Llame ahora al", "Señales de una sobredosis"),
        ("/fr", "Appelez le", "Les signes d'une surdose"),
    ],
)
def test_the_emergency_page_works_offline_after_one_visit(page, axe_check, prefix, call_text, heading):
    page.goto(f"{prefix}/emergency/?country=US" if not prefix else f"{prefix}/emergency/")
    axe_check(page, f"{prefix or '/en'} emergency")
    wait_until_controlled(page)

    page.context.set_offline(True)
    page.reload()
    assert heading in page.locator("main").inner_text()
    call = page.locator("#call-link")
    assert call_text in call.inner_text()
    assert call.get_attribute("href").startswith("tel:")

    page.click("#timer-start")
    page.wait_for_timeout(1500)
    shown = page.locator("#timer-display").inner_text()
    assert re.fullmatch(r"2:5\d", shown), shown
    page.context.set_offline(False)


def test_the_chosen_country_is_remembered_on_the_device(page):
    page.goto("/emergency/")
    page.select_option("#country", "GB")
    assert page.locator("#call-link").get_attribute("href") == "tel:999"
    page.goto("/emergency/")
    assert page.locator("#call-link").get_attribute("href") == "tel:999"
    assert "Call 999 now" in page.locator("#call-link").inner_text()


def test_without_javascript_every_step_and_the_call_button_are_there(browser, live_server):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/emergency/?country=FR")
    text = page.locator("main").inner_text()
    assert "tel:15" == page.locator("#call-link").get_attribute("href")
    for words in (
        "Try to wake them",
        "Give naloxone",
        "Call for help",
        "recovery position",
        "count slowly to 180",
    ):
        assert words in text
    context.close()
