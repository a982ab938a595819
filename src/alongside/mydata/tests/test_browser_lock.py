"""A shared device: lock now, the PIN, the back button, five wrong PINs; and axe on every new page."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from alongside.journal.models import Contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRIVATE = "Dr Quillfeather at the riverside clinic"


def test_lock_now_hides_the_page_back_shows_nothing_the_pin_returns_and_five_wrong_pins_sign_out(
    page, log_in, axe_check, circle_members
):
    c = circle_members
    Contact.objects.create(
        circle=c["circle"],
        author=c["supporter"],
        visibility="supporters",
        how="call",
        who=PRIVATE,
        contacted_at=timezone.now(),
    )
    log_in(c["supporter"])
    page.goto("/account/device/")
    axe_check(page, "device settings")
    page.fill("#id_pin", "2468")
    page.fill("#id_pin_again", "2468")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "Your PIN is set." in page.locator("main").inner_text()

    timeline = f"/c/{c['circle'].id}/journal/"
    page.goto(timeline)
    assert PRIVATE in page.locator("main").inner_text()
    page.get_by_role("button", name="Lock", exact=True).click()
    page.wait_for_url(re.compile(r"/account/unlock/"))
    assert PRIVATE not in page.content()
    assert page.get_by_label("Your PIN").is_visible()
    axe_check(page, "unlock")

    page.go_back()
    page.wait_for_load_state()
    assert PRIVATE not in page.content(), "Back must not show the timeline while locked"
    page.goto(timeline)
    assert "/account/unlock/" in page.url and PRIVATE not in page.content()

    page.fill("#id_pin", "2468")
    page.get_by_role("button", name="Unlock").click()
    page.wait_for_url(re.compile(r"/journal/$"))
    assert PRIVATE in page.locator("main").inner_text()

    page.get_by_role("button", name="Lock", exact=True).click()
    page.wait_for_url(re.compile(r"/account/unlock/"))
    for attempt in range(1, 6):
        page.fill("#id_pin", "0000")
        page.get_by_role("button", name="Unlock").click()
        page.wait_for_load_state()
        if attempt < 5:
            assert "That PIN is not right" in page.locator("main").inner_text()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert "Five wrong PINs" in page.locator("main").inner_text()
    page.goto(timeline)
    assert "/accounts/login/" in page.url and PRIVATE not in page.content()


@pytest.mark.parametrize("language", ["", "/es", "/fr"])
def test_every_new_page_is_axe_clean(page, log_in, axe_check, circle_members, language):
    from alongside.mydata.deletion import offer_handover
    from alongside.mydata.lock import save_device_safety

    c = circle_members
    circle = c["circle"]
    offer_handover(c["organiser"], circle, c["supporter"])
    log_in(c["organiser"])
    for path in (
        "/account/my-data/",
        f"/c/{circle.id}/hand-over/",
        f"/c/{circle.id}/delete/",
        "/account/device/",
        "/accounts/sessions/",
        "/accounts/2fa/",
    ):
        page.goto(language + path)
        axe_check(page, language + path)
    page.goto(f"{language}/c/{circle.id}/delete/")
    page.locator("main button[name=confirm]").click()
    page.wait_for_load_state()
    axe_check(page, "circle deletion pending")
    page.goto(language + "/account/my-data/delete/")
    page.fill("#id_password", "a-long-test-password")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/account/my-data/delete/$"))
    axe_check(page, "delete account")

    page.context.clear_cookies()
    save_device_safety(
        c["supporter"], pin="1357", remove_pin=False, lock_after_minutes=None, sign_out_after_minutes=None
    )
    log_in(c["supporter"])
    page.goto(f"{language}/c/{circle.id}/hand-over/answer/")
    axe_check(page, "hand-over answer")
    page.goto(language + "/account/my-data/")
    page.locator("header form.lock-now button").click()
    page.wait_for_url(re.compile(r"/account/unlock/"))
    axe_check(page, "unlock")
    page.fill("#id_pin", "1")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    axe_check(page, "unlock with an error")


def test_a_page_left_open_locks_itself_after_the_chosen_idle_time(page, log_in, circle_members):
    from alongside.mydata.lock import save_device_safety

    c = circle_members
    Contact.objects.create(
        circle=c["circle"],
        author=c["supporter"],
        visibility="supporters",
        how="call",
        who=PRIVATE,
        contacted_at=timezone.now(),
    )
    save_device_safety(
        c["supporter"], pin="2468", remove_pin=False, lock_after_minutes=1, sign_out_after_minutes=None
    )
    page.clock.install()
    log_in(c["supporter"])
    page.goto(f"/c/{c['circle'].id}/journal/")
    assert PRIVATE in page.locator("main").inner_text()
    page.clock.fast_forward("00:50")
    assert PRIVATE in page.locator("main").inner_text()
    page.clock.fast_forward("00:15")
    page.wait_for_url(re.compile(r"/account/unlock/"))
    assert PRIVATE not in page.content()


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_the_readable_page_of_an_export_is_axe_clean(page, axe_check, circle_members, language):
    import io
    import zipfile

    from alongside.mydata.export import build_export
    from alongside.notes.models import Note

    c = circle_members
    Note.objects.create(
        circle=c["circle"], author=c["person"], title="Mine", body="words", visibility="only_me"
    )
    content, _counts = build_export(c["person"], language=language)
    html = zipfile.ZipFile(io.BytesIO(content)).read("index.html").decode()
    page.goto("/weather/")  # a page of the site, so axe runs under the same origin
    page.set_content(html)
    assert "Mine" in page.content()
    axe_check(page, f"export page ({language})")
