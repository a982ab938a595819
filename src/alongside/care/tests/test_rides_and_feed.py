"""Rides this week as a week view with a way back; the calendar page's webcal:// link;
the feed says who drives in the description and keeps the title as it was."""

from datetime import UTC, datetime

import icalendar
import pytest
import time_machine
from django.urls import reverse

from alongside.care.models import Appointment, RideOffer

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)  # a Thursday


@pytest.fixture
def c(circle_members):
    circle = circle_members["circle"]
    circle.time_zone = "America/New_York"
    circle.save()
    return circle_members


def clinic(c, **extra):
    values = dict(
        circle=c["circle"],
        author=c["organiser"],
        visibility="circle",
        kind="dosing",
        title="Clinic",
        starts_at=datetime(2026, 3, 6, 12, 30, tzinfo=UTC),
        repeat="weekly",
        needs_ride=True,
    )
    values.update(extra)
    return Appointment.objects.create(**values)


@time_machine.travel(NOW, tick=False)
def test_rides_this_week_shows_seven_days_and_leads_back_to_recovery_support(c, client):
    a = clinic(c)
    RideOffer.objects.create(
        appointment=a, occurrence_start=datetime(2026, 3, 6, 12, 30, tzinfo=UTC), driver=c["supporter"]
    )
    client.force_login(c["organiser"])
    page = client.get(reverse("care:rides_week", args=[c["circle"].id])).content.decode()
    assert page.count('class="week-day') == 7
    assert "Thursday 5 March" in page and "Wednesday 11 March" in page
    assert "Sid drives" in page
    assert f'href="{reverse("care:index", args=[c["circle"].id])}">Back to recovery support' in page


def test_the_calendar_page_offers_a_webcal_link(c, client):
    client.force_login(c["supporter"])
    page = client.get(reverse("care:calendar", args=[c["circle"].id]))
    assert page.context["webcal_url"].startswith("webcal://testserver/calendar/")
    assert f'href="{page.context["webcal_url"]}"' in page.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_feed_says_who_drives_in_the_description_not_the_title(c, client):
    a = clinic(c)
    clinic(c, title="Counselling", starts_at=datetime(2026, 3, 7, 15, 0, tzinfo=UTC), repeat="none")
    RideOffer.objects.create(
        appointment=a, occurrence_start=datetime(2026, 3, 6, 12, 30, tzinfo=UTC), driver=c["supporter"]
    )
    client.force_login(c["person"])
    feed_url = (
        client.get(reverse("care:calendar", args=[c["circle"].id]))
        .context["feed_url"]
        .split("testserver", 1)[1]
    )
    client.logout()
    events = {
        str(e["summary"]).split(": ", 1)[-1]: e  # neutral titles: the title alone
        for e in icalendar.Calendar.from_ical(client.get(feed_url).content).walk("VEVENT")
    }
    assert "Sid drives" in str(events["Clinic"]["description"]) and "Sid" not in str(
        events["Clinic"]["summary"]
    )
    assert "no one has offered to drive yet" in str(events["Counselling"]["description"])
