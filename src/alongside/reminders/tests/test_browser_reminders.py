import pytest
from django.utils import timezone

from alongside.reminders import services
from alongside.reminders.events import Due, EventType

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_reads_a_reminder_and_chooses_quiet_hours(page, log_in, axe_check, make_user):
    member = make_user("Ana")
    services.schedule(
        Due(event_type=EventType.SELF_CARE, user_id=member.pk, key="s:1", due_at=timezone.now())
    )
    services.deliver_due()
    log_in(member)
    page.goto("/reminders/")
    assert "1 new" in page.locator("nav").inner_text()
    assert "Your weekly check-in" in page.locator("main").inner_text()
    axe_check(page, "reminders inbox")
    page.click("text=Mark all as read")
    assert "new" not in page.locator("nav").inner_text()

    page.goto("/reminders/preferences/")
    axe_check(page, "reminder preferences")
    page.fill("#id_quiet_start", "21:30")
    page.fill("#id_quiet_end", "")
    page.click("main form button[type=submit]")
    assert "both a start and an end" in page.locator("main").inner_text()
    assert page.input_value("#id_quiet_start") == "21:30"  # nothing typed is lost
    page.fill("#id_quiet_end", "06:45")
    page.click("main form button[type=submit]")
    assert "saved" in page.locator(".messages").inner_text()
    prefs = services.settings_for(member)
    assert prefs.quiet_start.strftime("%H:%M") == "21:30" and prefs.quiet_end.strftime("%H:%M") == "06:45"

    page.goto("/es/reminders/")
    axe_check(page, "reminders in Spanish")
