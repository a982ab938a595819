import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_records_a_kit_and_a_risk_period_and_sees_them_on_the_circle_home(
    page, log_in, axe_check, circle_members
):
    c = circle_members
    circle = c["circle"]
    log_in(c["supporter"])
    page.goto(f"/c/{circle.id}/safety/kits/")
    axe_check(page, "kits")
    page.fill("#id_location", "Kitchen drawer")
    page.fill("#id_count", "2")
    page.fill("#id_expires_on", "2030-01-01")
    page.check("input[name=visibility][value=circle]")
    page.click("main form:last-of-type button[type=submit]")
    assert "Kitchen drawer" in page.locator("table").inner_text()

    page.goto(f"/c/{circle.id}/safety/risk/")
    axe_check(page, "risk periods")
    page.select_option("#id_kind", "left_detox")
    page.check("input[name=visibility][value=circle]")
    page.click("main form button[type=submit]")
    assert "Higher overdose risk" in page.locator("main").inner_text()

    page.goto(f"/c/{circle.id}/")
    assert "Higher overdose risk" in page.locator("main").inner_text()
    axe_check(page, "circle home with safety notices")
    page.goto(f"/fr/c/{circle.id}/safety/plan/")
    axe_check(page, "safety plan in French")
