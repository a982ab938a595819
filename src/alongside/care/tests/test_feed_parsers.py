"""The calendar feed read by three independent readers (icalendar, vobject and ics): open-ended
weekly repeats land at 09:00 New York time in the summer and the winter of 2026 and of 2040,
long after the year 2037 where a list of dated transitions would end."""

from datetime import UTC, datetime

import icalendar
import ics
import pytest
import time_machine
import vobject
from dateutil.rrule import rrulestr
from django.urls import reverse

from alongside.care import services
from alongside.care.models import Appointment
from alongside.circles.models import Membership

pytestmark = pytest.mark.django_db

NEW_YORK = "America/New_York"
# Each moment is the UTC instant of a Thursday at 09:00 in New York (EDT -4 in summer, EST -5 in winter).
WEEKS = {
    "2026 summer": datetime(2026, 7, 2, 13, 0, tzinfo=UTC),
    "2026 winter": datetime(2026, 12, 3, 14, 0, tzinfo=UTC),
    "2040 winter": datetime(2040, 1, 5, 14, 0, tzinfo=UTC),
    "2040 summer": datetime(2040, 7, 5, 13, 0, tzinfo=UTC),
}
FIRST = datetime(2026, 1, 8, 14, 0, tzinfo=UTC)  # Thursday 8 January 2026, 09:00 EST


@pytest.fixture
def feed(circle_members, client):
    circle = circle_members["circle"]
    circle.time_zone = NEW_YORK
    circle.save()
    Appointment.objects.create(
        circle=circle,
        author=circle_members["organiser"],
        visibility="circle",
        kind="dosing",
        title="Clinic",
        starts_at=FIRST,
        repeat="weekly",
    )
    for label, moment in WEEKS.items():
        Appointment.objects.create(
            circle=circle,
            author=circle_members["organiser"],
            visibility="circle",
            kind="counselling",
            title=f"One-off {label}",
            starts_at=moment,
        )
    token = services.feed_for(Membership.objects.get(user=circle_members["organiser"], circle=circle)).token
    return client.get(reverse("care:feed", args=[token])).content


def _expected():
    return sorted(WEEKS.values())


def test_icalendar_with_dateutil_repeats_at_nine_new_york_time_in_2026_and_2040(feed):
    calendar = icalendar.Calendar.from_ical(feed)
    weekly = next(e for e in calendar.walk("VEVENT") if "RRULE" in e)
    start = weekly.decoded("dtstart")
    repeats = rrulestr(weekly["rrule"].to_ical().decode(), dtstart=start)
    for moment in _expected():
        occurrence = repeats.after(moment.astimezone(start.tzinfo), inc=True)
        assert occurrence.astimezone(UTC) == moment
        assert (occurrence.hour, occurrence.minute) == (9, 0)


def test_vobject_reads_the_time_zone_block_right_in_2026_and_2040(feed):
    calendar = vobject.readOne(feed.decode())
    weekly = next(e for e in calendar.vevent_list if hasattr(e, "rrule"))
    repeats = weekly.getrruleset()
    zone = weekly.dtstart.value.tzinfo
    for moment in _expected():
        occurrence = repeats.after(moment.astimezone(zone), inc=True)
        assert occurrence.astimezone(UTC) == moment, moment
    for event in calendar.vevent_list:
        if "One-off" in str(event.summary.value):
            label = str(event.summary.value).split("One-off ", 1)[1]
            assert event.dtstart.value.astimezone(UTC) == WEEKS[label]


def test_ics_reads_every_event_at_its_new_york_moment_in_2026_and_2040(feed):
    calendar = ics.Calendar(feed.decode())
    one_offs = {e.name.split("One-off ", 1)[1]: e for e in calendar.events if "One-off" in e.name}
    assert set(one_offs) == set(WEEKS)
    for label, event in one_offs.items():
        assert event.begin.to("UTC").datetime == WEEKS[label], label
    weekly = next(e for e in calendar.events if "One-off" not in e.name)
    assert weekly.begin.to("UTC").datetime == FIRST


def test_the_stamp_of_an_unchanged_event_is_the_same_on_every_fetch(circle_members, client):
    circle = circle_members["circle"]
    Appointment.objects.create(
        circle=circle,
        author=circle_members["organiser"],
        visibility="circle",
        kind="dosing",
        title="Clinic",
        starts_at=FIRST,
        repeat="weekly",
    )
    token = services.feed_for(Membership.objects.get(user=circle_members["organiser"], circle=circle)).token
    url = reverse("care:feed", args=[token])
    with time_machine.travel(datetime(2026, 2, 1, tzinfo=UTC)):
        first = client.get(url).content
    with time_machine.travel(datetime(2026, 2, 2, tzinfo=UTC)):
        second = client.get(url).content
    assert first == second
    stamps = [e.decoded("dtstamp") for e in icalendar.Calendar.from_ical(first).walk("VEVENT")]
    assert len(stamps) == 1
