"""Quick exit from the timeline: the session ends, and Back shows nothing private."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from alongside.journal.models import Contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRIVATE = "Dr Quillfeather at the riverside clinic"


def _timeline_with_a_private_entry(page, log_in, circle_members):
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
    page.goto(f"/c/{c['circle'].id}/")
    page.goto(f"/c/{c['circle'].id}/journal/")
    assert PRIVATE in page.locator("main").inner_text()


@pytest.mark.parametrize("how", ["button", "escape"])
def test_quick_exit_ends_the_session_and_back_shows_nothing_private(page, log_in, circle_members, how):
    _timeline_with_a_private_entry(page, log_in, circle_members)
    if how == "button":
        page.get_by_role("link", name=re.compile("Quick exit")).click()
    else:
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"/weather/$"))
    assert "Weather" in page.content() and PRIVATE not in page.content()

    page.go_back()
    page.wait_for_load_state()
    assert PRIVATE not in page.content(), "Back must not show the timeline again"
    assert "/journal/" not in page.url or "/accounts/login/" in page.url

    page.goto(f"/c/{circle_members['circle'].id}/journal/")
    assert "/accounts/login/" in page.url, "the session ended"
    assert PRIVATE not in page.content()


def test_quick_exit_goes_to_the_hosts_outside_address(page, log_in, circle_members, settings):
    settings.QUICK_EXIT_URL = "/robots.txt"  # stands in for an outside address: tests never leave the machine
    _timeline_with_a_private_entry(page, log_in, circle_members)
    page.get_by_role("link", name=re.compile("Quick exit")).click()
    page.wait_for_url(re.compile(r"/robots.txt$"))
