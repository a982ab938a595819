from __future__ import annotations

from datetime import UTC, datetime

import icalendar
import pytest
from django.urls import reverse

from alongside.care import services
from alongside.care.models import Appointment
from alongside.circles.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed_path(circle_members):
    c = circle_members
    Appointment.objects.create(
        circle=c["circle"],
        author=c["organiser"],
        visibility="circle",
        kind="dosing",
        title="Ten o'clock",
        starts_at=datetime(2030, 3, 6, 12, 30, tzinfo=UTC),
    )
    membership = Membership.objects.get(circle=c["circle"], user=c["supporter"])
    return reverse("care:feed", args=[services.feed_for(membership).token])


def test_the_feed_is_never_kept_by_a_shared_cache(client, feed_path):
    response = client.get(feed_path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_the_feed_names_neither_the_app_nor_the_kind_of_visit_by_default(client, feed_path):
    body = client.get(feed_path).content
    text = body.decode()
    assert "Alongside" not in text and "alongside" not in text
    assert "dosing" not in text.lower() and "clinic" not in text.lower()
    calendar = icalendar.Calendar.from_ical(body)
    assert str(calendar["x-wr-calname"]) == "Appointments"
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Ten o'clock"]


def test_a_member_who_opts_in_sees_the_kind_of_visit_and_the_circle(client, circle_members, feed_path):
    c = circle_members
    client.force_login(c["supporter"])
    page = client.get(reverse("care:calendar", args=[c["circle"].id])).content.decode()
    assert "show the kind of visit" in page.lower()
    client.post(reverse("care:calendar", args=[c["circle"].id]), {"show_details": "on"})
    client.logout()
    calendar = icalendar.Calendar.from_ical(client.get(feed_path).content)
    assert str(calendar["x-wr-calname"]) == "Alongside: Sam"
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Daily dosing at a clinic: Ten o'clock"]


def test_one_downloaded_appointment_is_neutral_too(client, circle_members):
    c = circle_members
    a = Appointment.objects.create(
        circle=c["circle"],
        author=c["organiser"],
        visibility="circle",
        kind="dosing",
        title="Ten",
        starts_at=datetime(2030, 3, 6, 12, 30, tzinfo=UTC),
    )
    client.force_login(c["supporter"])
    response = client.get(reverse("care:appointment_ics", args=[c["circle"].id, a.id]))
    assert response["Cache-Control"] == "private, no-store"
    assert b"Alongside" not in response.content and b"dosing" not in response.content.lower()
