import re

import pytest

from alongside.circles.models import Membership, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_create_a_circle_invite_someone_who_accepts(page, browser, live_server, axe_check, make_user):
    page.goto("/accounts/signup/")
    axe_check(page, "sign-up")
    page.fill("#id_display_name", "Maya")
    page.fill("#id_email", "maya@example.org")
    page.fill("#id_password1", "a-long-test-password")
    page.fill("#id_password2", "a-long-test-password")
    page.click("form[action$='/accounts/signup/'] button[type=submit]")
    page.wait_for_url(re.compile(r"/circles/"))

    page.goto("/circles/new/")
    axe_check(page, "create a circle")
    page.fill("#id_person_name", "Jo")
    page.select_option("#id_time_zone", "Europe/Dublin")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/invite-by-email/"))
    page.click("main a:has-text('Later')")
    page.wait_for_url(re.compile(r"/c/[0-9a-f-]+/$"))
    assert "Jo" in page.locator("h1").inner_text()
    axe_check(page, "circle home")

    page.click("text=People in this circle")
    axe_check(page, "members")
    page.select_option("#id_role", "supporter")
    page.fill("#id_label", "Uncle Ray")
    page.click("text=Make an invitation link")
    link = page.input_value("#invitation-link")
    axe_check(page, "invitation link")
    assert "/invite/" in link

    ray = make_user("Ray")
    other = browser.new_context(base_url=live_server.url)
    guest = other.new_page()
    guest.goto(link)
    guest.click('main a:has-text("Log in")')
    guest.fill("#id_login", ray.email)
    guest.fill("#id_password", "a-long-test-password")
    guest.click("form[action*='/accounts/login/'] button[type=submit]")
    guest.wait_for_url(re.compile(r"/invite/"))
    guest.click("text=Join the circle")
    guest.wait_for_url(re.compile(r"/c/[0-9a-f-]+/$"))
    assert "Jo" in guest.locator("h1").inner_text()
    other.close()
    assert Membership.objects.get(user=ray).role == Role.SUPPORTER
