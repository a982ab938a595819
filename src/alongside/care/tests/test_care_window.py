"""Care pages read only the appointments that can fall in their window, and still show every
occurrence a long-running repeat rule gives."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from alongside.care import services
from alongside.care.models import Appointment, RideOffer

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)  # a Thursday; 10:00 in New York


@pytest.fixture
def c(circle_members):
    circle = circle_members["circle"]
    circle.time_zone = "America/New_York"
    circle.save()
    return circle_members


def make(c, title, starts_at, repeat="none", **extra):
    values = {"circle": c["circle"], "author": c["organiser"], "visibility": "circle", "kind": "doctor"}
    return Appointment.objects.create(
        **{**values, "title": title, "starts_at": starts_at, "repeat": repeat, **extra}
    )


def history(c, count):
    """Past one-off appointments and repeating series that ended long ago."""
    Appointment.objects.bulk_create(
        Appointment(
            circle=c["circle"],
            author=c["organiser"],
            visibility="circle",
            kind="court",
            title=f"Old {n}",
            starts_at=NOW - timedelta(days=30 + n),
            repeat="weekly" if n % 5 == 0 else "none",
            repeat_until=(NOW - timedelta(days=10)).date() if n % 5 == 0 else None,
            needs_ride=True,
        )
        for n in range(count)
    )


def shown_titles(client, c, name="care:appointments"):
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse(name, args=[c["circle"].id]))
    assert response.status_code == 200
    return response, [(row["appointment"].title, row["at"]) for row in response.context.get("rows", [])]


def test_a_series_that_began_years_ago_still_shows_every_occurrence_in_the_fortnight(c, client):
    # Weekly on Mondays at 9:00 New York time since March 2023 (EST then; EDT during the window).
    make(c, "Counsellor", datetime(2023, 3, 6, 14, 0, tzinfo=UTC), repeat="weekly")
    make(
        c,
        "Stopped group",
        datetime(2023, 3, 7, 23, 0, tzinfo=UTC),
        repeat="weekly",
        repeat_until=date(2026, 1, 1),
    )
    make(c, "Past one-off", NOW - timedelta(days=3))
    make(c, "Soon one-off", NOW + timedelta(days=2))
    make(c, "Too far one-off", NOW + timedelta(days=15))
    client.force_login(c["supporter"])
    _response, rows = shown_titles(client, c)
    assert [title for title, _at in rows] == ["Soon one-off", "Counsellor", "Counsellor"]
    counsellor = [at for title, at in rows if title == "Counsellor"]
    # The same wall-clock time on both sides of the 8 March change to daylight time.
    assert [(at.date(), at.hour, at.minute) for at in counsellor] == [
        (date(2026, 3, 9), 9, 0),
        (date(2026, 3, 16), 9, 0),
    ]


def test_a_series_ending_on_the_window_s_first_day_still_shows_that_day(c, client):
    make(
        c, "Last dose", datetime(2026, 2, 1, 20, 0, tzinfo=UTC), repeat="daily", repeat_until=date(2026, 3, 5)
    )
    client.force_login(c["supporter"])
    _response, rows = shown_titles(client, c)
    assert [(title, at.date()) for title, at in rows] == [("Last dose", date(2026, 3, 5))]


def test_the_circle_s_care_summary_shows_the_first_five_occurrences_in_order(c, client):
    make(c, "Dosing", datetime(2024, 1, 1, 12, 30, tzinfo=UTC), repeat="weekdays")
    make(c, "Doctor", NOW + timedelta(hours=3))
    history(c, 20)
    client.force_login(c["person"])
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("care:index", args=[c["circle"].id]))
    soon = response.context["soon"]
    assert [(a.title, at.date()) for at, a in soon] == [
        ("Doctor", date(2026, 3, 5)),
        ("Dosing", date(2026, 3, 6)),
        ("Dosing", date(2026, 3, 9)),
        ("Dosing", date(2026, 3, 10)),
        ("Dosing", date(2026, 3, 11)),
    ]
    assert "Doctor" in response.content.decode() and "Old 1" not in response.content.decode()


def test_the_window_is_chosen_in_sql_and_upcoming_keeps_privacy(c):
    make(c, "Weekly", datetime(2025, 1, 2, 15, 0, tzinfo=UTC), repeat="weekly")
    make(c, "Private", NOW + timedelta(days=1), visibility="only_me")
    history(c, 30)
    start, end = NOW, NOW + timedelta(days=7)
    candidates = services.in_window(Appointment.objects.all(), start, end)
    assert sorted(a.title for a in candidates) == ["Private", "Weekly"]
    visible = Appointment.objects.visible_to(c["supporter"]).in_circle(c["circle"])
    assert [a.title for _at, a in services.upcoming(visible, "America/New_York", start, end)] == [
        "Weekly",
        "Weekly",
    ]


@pytest.mark.parametrize("name", ["care:appointments", "care:index", "care:rides_week"])
def test_care_pages_ask_the_same_number_of_queries_with_a_long_history(
    c, client, django_assert_num_queries, name
):
    make(c, "Weekly", datetime(2025, 1, 2, 15, 0, tzinfo=UTC), repeat="weekly", needs_ride=True)
    client.force_login(c["organiser"])
    url = reverse(name, args=[c["circle"].id])
    with time_machine.travel(NOW, tick=False):
        client.get(url)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as small:
            client.get(url)
        history(c, 200)
        RideOffer.objects.create(
            appointment=next(
                a for a in Appointment.objects.filter(repeat="weekly") if a.kind == "court"
            ),  # kind is encrypted
            occurrence_start=NOW - timedelta(days=35),
            driver=c["supporter"],
        )
        with django_assert_num_queries(len(small)):
            response = client.get(url)
    assert "Old " not in response.content.decode()
