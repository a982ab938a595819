"""The last contact, the no-contact notice, and its reminder: days are counted on the circle's
calendar, so a contact late in the evening and a look the next morning are a day apart."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from alongside.journal import services
from alongside.journal.reminders import scan_no_contact
from alongside.journal.services import days_between
from alongside.reminders.events import EventType

pytestmark = pytest.mark.django_db


def test_days_are_counted_on_the_circle_s_calendar_not_in_utc():
    monday_evening_new_york = datetime(2026, 3, 3, 1, 0, tzinfo=UTC)  # Mon 2 March 20:00 EST
    thursday_morning_new_york = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)  # Thu 5 March 10:00 EST
    assert days_between(monday_evening_new_york, thursday_morning_new_york, "America/New_York") == 3
    assert days_between(monday_evening_new_york, thursday_morning_new_york, "UTC") == 2
    # Tokyo is ahead: Monday 16:00 UTC is already Tuesday 01:00 there.
    monday_afternoon_utc = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)
    thursday_evening_utc = datetime(2026, 3, 5, 14, 0, tzinfo=UTC)  # Thu 23:00 in Tokyo
    assert days_between(monday_afternoon_utc, thursday_evening_utc, "UTC") == 3
    assert days_between(monday_afternoon_utc, thursday_evening_utc, "Asia/Tokyo") == 2


def test_a_daylight_saving_change_does_not_shift_the_count():
    before = datetime(2026, 3, 7, 4, 30, tzinfo=UTC)  # Fri 6 March 23:30 EST
    after = datetime(2026, 3, 9, 4, 0, tzinfo=UTC)  # Mon 9 March 00:00 EDT (clocks went forward on Sunday)
    assert days_between(before, after, "America/New_York") == 3


def test_the_notice_shows_once_the_circle_s_number_of_days_has_passed(c, entry):
    circle = c["circle"]
    circle.time_zone = "America/New_York"
    circle.save()
    entry(
        "contact", circle, c["supporter"], "supporters", contacted_at=datetime(2026, 3, 3, 1, 0, tzinfo=UTC)
    )
    wednesday = datetime(2026, 3, 4, 23, 0, tzinfo=UTC)  # Wed 18:00 in New York, Thu in UTC
    thursday = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)
    assert not services.contact_status(c["organiser"], circle, wednesday).notice
    status = services.contact_status(c["organiser"], circle, thursday)
    assert status.notice and status.days_since == 3 and status.threshold == 3
    services.set_no_contact_days(c["organiser"], circle, 5)
    assert not services.contact_status(c["organiser"], circle, thursday).notice


def test_no_contact_yet_raises_no_alarm(c):
    status = services.contact_status(c["supporter"], c["circle"])
    assert status.last is None and not status.notice


def test_the_circle_home_shows_the_last_contact_and_the_notice(c, client, entry):
    circle = c["circle"]
    entry(
        "contact",
        circle,
        c["supporter"],
        "supporters",
        how="call",
        mood="low",
        contacted_at=datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
    )
    client.force_login(c["organiser"])
    with time_machine.travel(datetime(2026, 3, 5, 12, 0, tzinfo=UTC), tick=False):
        page = client.get(reverse("circles:detail", args=[circle.id])).content.decode()
    assert "Last contact:" in page and "A call" in page and "Seemed low or upset" in page
    assert "No one has recorded a contact for 4 days." in page
    assert "Record a contact now" in page


def test_the_person_sees_no_notice_about_themselves_on_the_circle_home(c, client, entry):
    entry("contact", c["circle"], c["supporter"], "circle", contacted_at=datetime(2020, 1, 1, tzinfo=UTC))
    client.force_login(c["person"])
    page = client.get(reverse("circles:detail", args=[c["circle"].id])).content.decode()
    assert "No one has recorded a contact" not in page and "Record a contact now" not in page


def test_one_tap_records_a_contact_now_by_the_member(c, client):
    from alongside.journal.models import Contact

    client.force_login(c["supporter"])
    timeline = reverse("journal:timeline", args=[c["circle"].id])
    response = client.post(
        reverse("journal:contact_create", args=[c["circle"].id]),
        {"quick": "1", "how": "message", "next": timeline},
    )
    assert response.status_code == 302 and response["Location"] == timeline
    contact = Contact.objects.get()
    assert (contact.author, contact.how, contact.visibility) == (c["supporter"], "message", "supporters")


def test_an_organiser_sets_the_number_of_days_and_others_cannot(c, client):
    from alongside.journal.models import no_contact_days_for

    url = reverse("journal:settings", args=[c["circle"].id])
    client.force_login(c["supporter"])
    assert client.get(url).status_code == 404
    client.force_login(c["organiser"])
    response = client.post(url, {"no_contact_days": "0"})
    assert "Choose at least one day." in response.content.decode()
    client.post(url, {"no_contact_days": "7"})
    assert no_contact_days_for(c["circle"]) == 7


def test_the_reminder_goes_to_organisers_and_supporters_once_per_gap(c, entry):
    circle = c["circle"]
    circle.time_zone = "America/New_York"
    circle.save()
    first = entry(
        "contact", circle, c["supporter"], "supporters", contacted_at=datetime(2026, 3, 3, 1, 0, tzinfo=UTC)
    )
    assert list(scan_no_contact(datetime(2026, 3, 4, 23, 0, tzinfo=UTC))) == []
    due = list(scan_no_contact(datetime(2026, 3, 5, 15, 0, tzinfo=UTC)))
    assert {d.user_id for d in due} == {c["organiser"].pk, c["supporter"].pk}
    assert all(
        d.event_type == EventType.NO_CONTACT and d.url_name == "journal:timeline" and not d.detail
        for d in due
    )
    assert due[0].due_at == datetime(2026, 3, 5, 5, 0, tzinfo=UTC)  # midnight in New York on Thursday
    assert first.contacted_at.isoformat() in due[0].key
    entry("contact", circle, c["organiser"], "circle", contacted_at=datetime(2026, 3, 5, 14, 0, tzinfo=UTC))
    assert list(scan_no_contact(datetime(2026, 3, 5, 15, 0, tzinfo=UTC))) == []


def test_a_private_contact_counts_only_for_its_author(c, entry):
    circle = c["circle"]
    entry(
        "contact", circle, c["supporter"], "supporters", contacted_at=datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    )
    entry("contact", circle, c["organiser"], "only_me", contacted_at=datetime(2026, 3, 5, 12, 0, tzinfo=UTC))
    due = list(scan_no_contact(datetime(2026, 3, 6, 12, 0, tzinfo=UTC)))
    assert {d.user_id for d in due} == {c["supporter"].pk}


def test_the_reminder_worker_schedules_the_notice_once_however_often_it_scans(c, entry):
    from alongside.reminders import services as reminder_services
    from alongside.reminders.models import Reminder

    entry(
        "contact",
        c["circle"],
        c["supporter"],
        "supporters",
        contacted_at=datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
    )
    now = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    reminder_services.scan(now)
    reminder_services.scan(now)
    rows = Reminder.objects.filter(event_type=EventType.NO_CONTACT)
    assert rows.exists()
    assert {r.user_id for r in rows} == {c["organiser"].pk, c["supporter"].pk}
    assert rows.count() == len({(r.user_id, r.channel) for r in rows})
