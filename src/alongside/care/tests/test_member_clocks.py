"""A family in New York: a 09:00 appointment stays 09:00 New York time in the calendar feed
and in reminders, across the March daylight-saving change; quiet hours follow the member's clock."""

import re
from datetime import UTC, datetime, time, timedelta

import icalendar
import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from alongside.accounts.models import User
from alongside.care.models import Appointment
from alongside.circles.models import Circle
from alongside.reminders import services as reminders
from alongside.reminders.models import Reminder

pytestmark = pytest.mark.django_db

NEW_YORK = "America/New_York"
# 2026-03-05 is a Thursday on Eastern Standard Time (UTC-5); clocks go forward on Sunday 8 March,
# so Thursday 12 March is on Eastern Daylight Time (UTC-4).
BEFORE_CHANGE = datetime(2026, 3, 5, 14, 0, tzinfo=UTC)  # 09:00 EST
AFTER_CHANGE = datetime(2026, 3, 12, 13, 0, tzinfo=UTC)  # 09:00 EDT


def sign_up_from_new_york(client) -> User:
    """What a browser in New York sends: zone.js has put the browser's zone in the picker."""
    form = client.get(reverse("account_signup")).content.decode()
    assert 'data-browser-zone="fill"' in form
    client.post(
        reverse("account_signup"),
        {
            "display_name": "Nia",
            "email": "nia@example.org",
            "password1": "a-long-test-password",
            "password2": "a-long-test-password",
            "time_zone": NEW_YORK,
            "language": "en",
        },
    )
    return User.objects.get(email="nia@example.org")


def create_circle_as_the_page_offers(client) -> Circle:
    page = client.get(reverse("circles:create")).content.decode()
    picker = re.search(r'<select name="time_zone".*?</select>', page, re.S).group(0)
    chosen = re.search(r'<option value="([^"]+)"[^>]*selected', picker).group(1)
    client.post(reverse("circles:create"), {"person_name": "Sam", "time_zone": chosen})
    (circle,) = [c for c in Circle.objects.all() if c.person_name == "Sam"]  # the name is encrypted at rest
    return circle


@pytest.fixture
def family(client):
    with time_machine.travel(datetime(2026, 3, 1, 15, 0, tzinfo=UTC), tick=False):
        member = sign_up_from_new_york(client)
        circle = create_circle_as_the_page_offers(client)
        client.post(
            reverse("care:appointment_create", args=[circle.id]),
            {
                "kind": "dosing",
                "title": "Clinic",
                "place": "",
                "starts_at": "2026-03-05T09:00",
                "duration_minutes": "30",
                "repeat": "weekly",
                "repeat_until": "",
                "remind_hour_before": "on",
                "notes": "",
                "visibility": "circle",
            },
        )
    reminders.save_preferences(
        member,
        wanted={"appointment:email", "appointment:in_app"},
        quiet_start=None,
        quiet_end=None,
        show_details=True,
    )
    mail.outbox.clear()  # the sign-up's address confirmation
    return member, circle, Appointment.objects.get(circle=circle)


def test_a_circle_created_from_a_new_york_browser_is_on_new_york_time(family):
    member, circle, appointment = family
    assert member.time_zone == NEW_YORK and circle.time_zone == NEW_YORK
    assert appointment.starts_at == BEFORE_CHANGE


def test_the_feed_puts_the_appointment_at_nine_new_york_time_on_both_sides_of_the_change(family, client):
    from dateutil.rrule import rrulestr

    _member, circle, _appointment = family
    with time_machine.travel(datetime(2026, 3, 2, 15, 0, tzinfo=UTC), tick=False):
        feed_url = (
            client.get(reverse("care:calendar", args=[circle.id]))
            .context["feed_url"]
            .split("testserver", 1)[1]
        )
    event = icalendar.Calendar.from_ical(client.get(feed_url).content).walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert (start.hour, start.minute, str(start.tzinfo)) == (9, 0, NEW_YORK)
    repeats = rrulestr(event["rrule"].to_ical().decode(), dtstart=start)
    first, second = repeats[0], repeats[1]
    assert first.astimezone(UTC) == BEFORE_CHANGE and second.astimezone(UTC) == AFTER_CHANGE
    assert (second.hour, second.minute) == (9, 0)


def test_the_hour_before_reminder_comes_at_eight_new_york_time_and_says_nine_on_both_sides(family):
    member, _circle, _appointment = family
    for start in (BEFORE_CHANGE, AFTER_CHANGE):
        mail.outbox.clear()
        too_early = start - timedelta(hours=1, minutes=1)
        reminders.scan(too_early)
        assert reminders.deliver_due(too_early) == 0
        at_eight = start - timedelta(hours=1)
        reminders.scan(at_eight)
        reminders.deliver_due(at_eight)
        assert len(mail.outbox) == 1
        assert "09:00 (New York (America))" in mail.outbox[0].subject
    rows = Reminder.objects.filter(user=member, channel="email").order_by("due_at")
    assert [r.due_at for r in rows] == [BEFORE_CHANGE - timedelta(hours=1), AFTER_CHANGE - timedelta(hours=1)]


def test_quiet_hours_are_kept_on_the_members_clock(family):
    member, _circle, _appointment = family
    reminders.save_preferences(
        member,
        wanted={"appointment:email", "appointment:in_app"},
        quiet_start=time(22),
        quiet_end=time(8, 30),
        show_details=True,
    )
    at_eight = AFTER_CHANGE - timedelta(hours=1)  # 08:00 in New York: still quiet until 08:30
    reminders.scan(at_eight)
    reminders.deliver_due(at_eight)
    assert mail.outbox == []
    held = Reminder.objects.get(user=member, channel="email")
    assert held.next_attempt_at == datetime(2026, 3, 12, 12, 30, tzinfo=UTC)  # 08:30 EDT
    reminders.deliver_due(held.next_attempt_at)
    assert len(mail.outbox) == 1


def test_the_overview_and_the_appointments_page_show_the_same_labelled_time(family, client):
    member, circle, _appointment = family
    member.time_zone = "Europe/London"
    member.save()
    with time_machine.travel(datetime(2026, 3, 10, 12, 0, tzinfo=UTC), tick=False):
        overview = client.get(reverse("care:index", args=[circle.id])).content.decode()
        listing = client.get(reverse("care:appointments", args=[circle.id])).content.decode()
    for page in (overview, listing):
        assert "Thu 12 Mar, 09:00</time>" in page  # the circle's clock
        assert "(13:00 your time)" in page  # London is still on GMT that week
        assert re.search(r"Times are on the circle(&#x27;|')s clock: New York \(America\)\.", page)
