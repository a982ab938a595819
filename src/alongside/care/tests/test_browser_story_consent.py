import re
from datetime import date

import pytest

from alongside.care.models import DayMark, RecoveryStart
from alongside.circles.models import Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_person_allows_a_supporter_then_takes_back_the_setback_they_noted(
    page, browser, live_server, log_in, axe_check, circle_members
):
    c = circle_members
    circle = c["circle"]
    start = RecoveryStart.objects.create(
        circle=circle, author=c["person"], visibility="circle", start_date=date(2026, 1, 1)
    )
    log_in(c["person"])
    page.goto(f"/c/{circle.id}/my-records/")
    axe_check(page, "my records")
    page.check("text=Sid (Supporter)")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/my-records/$"))
    assert Membership.objects.get(circle=circle, user=c["supporter"]).may_update_persons_records

    other = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    supporter = other.new_page()
    supporter.goto("/accounts/login/")
    supporter.fill("#id_login", c["supporter"].email)
    supporter.fill("#id_password", "a-long-test-password")
    supporter.click("form[action$='/accounts/login/'] button[type=submit]")
    supporter.wait_for_load_state()
    supporter.goto(f"/c/{circle.id}/care/milestones/")
    supporter.check("input[name=kind][value=setback]")
    supporter.click("main form[action$='/mark/'] button[type=submit]")
    supporter.wait_for_load_state()
    other.close()
    assert DayMark.objects.get(start=start).recorded_by == c["supporter"]

    page.goto(f"/c/{circle.id}/care/milestones/")
    assert "noted by Sid" in page.locator("main").inner_text()
    axe_check(page, "milestones with a day noted")
    page.goto(f"/c/{circle.id}/my-records/")
    assert "Sid added a day on the recovery count" in page.locator("main").inner_text()
    page.click("main button:has-text('Undo')")
    page.wait_for_url(re.compile(r"/my-records/$"))
    assert not DayMark.objects.exists()
    page.goto(f"/c/{circle.id}/trail/")
    assert "took back a change to" in page.locator("main").inner_text()
    axe_check(page, "trail")
