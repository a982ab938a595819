"""Pick-ups and the last take-home day remind the person and the members they choose (while those
members may see the medication); routine lines remind their author at their time, on the circle's clock."""

from datetime import UTC, date, datetime, time

import pytest
from django.urls import reverse
from django.utils import translation

from alongside.care.models import Medication, RoutineItem
from alongside.care.reminders import scan_medications, scan_routines
from alongside.reminders import services as reminders
from alongside.reminders.events import EventType
from alongside.reminders.models import Reminder

pytestmark = pytest.mark.django_db

# New York is on daylight time (UTC-4) from 8 March 2026.
NINE_THE_DAY_BEFORE = datetime(2026, 3, 9, 13, 0, tzinfo=UTC)


@pytest.fixture
def c(circle_members):
    circle = circle_members["circle"]
    circle.time_zone = "America/New_York"
    circle.save()
    return circle_members


def medication(c, visibility="supporters", author="person", **extra):
    values = dict(
        circle=c["circle"],
        author=c[author],
        visibility=visibility,
        kind="methadone",
        next_pickup=date(2026, 3, 10),
        take_home_until=date(2026, 3, 12),
        agreed_by_person=True,
    )
    values.update(extra)
    return Medication.objects.create(**values)


def test_the_person_chooses_who_else_is_reminded_on_the_medication_form(c, client):
    client.force_login(c["person"])
    page = client.get(reverse("care:medication_create", args=[c["circle"].id])).content.decode()
    assert 'name="remind_members"' in page and "Sid" in page
    client.post(
        reverse("care:medication_create", args=[c["circle"].id]),
        {
            "kind": "methadone",
            "next_pickup": "2026-03-10",
            "visibility": "supporters",
            "remind_members": [c["supporter"].pk],
        },
    )
    assert list(Medication.objects.get().remind_members.all()) == [c["supporter"]]
    client.force_login(c["organiser"])
    page = client.get(reverse("care:medication_create", args=[c["circle"].id])).content.decode()
    assert 'name="remind_members"' not in page  # only the person chooses


def test_a_pick_up_reminds_the_person_and_the_chosen_members_at_nine_the_day_before(c):
    med = medication(c)
    med.remind_members.set([c["supporter"], c["organiser"]])
    assert list(scan_medications(NINE_THE_DAY_BEFORE.replace(minute=0, hour=12, second=59))) == []
    due = list(scan_medications(NINE_THE_DAY_BEFORE))
    pickups = {d.user_id for d in due if d.event_type == EventType.MEDICATION_PICKUP}
    assert pickups == {c["person"].pk, c["supporter"].pk, c["organiser"].pk}
    assert all(d.due_at == NINE_THE_DAY_BEFORE for d in due)
    assert not [d for d in due if d.event_type == EventType.TAKE_HOME_ENDS]  # that one is for the 11th
    two_days_later = datetime(2026, 3, 11, 13, 0, tzinfo=UTC)
    ends = {d.user_id for d in scan_medications(two_days_later) if d.event_type == EventType.TAKE_HOME_ENDS}
    assert ends == pickups


def test_a_chosen_member_who_may_not_see_the_medication_is_not_reminded(c):
    med = medication(c, visibility="only_me")
    med.remind_members.set([c["supporter"]])
    assert {d.user_id for d in scan_medications(NINE_THE_DAY_BEFORE)} == {c["person"].pk}


def test_scheduling_twice_sends_once_and_the_detail_reads_in_the_members_language(c):
    medication(c)
    c["person"].language = "es"
    c["person"].save()
    for _ in range(2):
        for due in scan_medications(NINE_THE_DAY_BEFORE):
            reminders.schedule(due)
    rows = Reminder.objects.filter(user=c["person"], channel="in_app")
    assert rows.count() == 1
    with translation.override("es"):
        assert rows.get().detail_text == "Metadona, Martes 10 marzo"


def test_a_routine_line_with_a_reminder_comes_at_its_time_on_the_circles_clock(c):
    item = RoutineItem.objects.create(
        circle=c["circle"],
        author=c["person"],
        visibility="only_me",
        at=time(8, 0),
        what="Breakfast and a walk",
        remind=True,
    )
    RoutineItem.objects.create(
        circle=c["circle"], author=c["person"], visibility="only_me", at=time(8, 0), what="No reminder"
    )
    at_eight_ten = datetime(2026, 3, 9, 12, 10, tzinfo=UTC)  # 08:10 in New York
    due = list(scan_routines(at_eight_ten))
    assert [(d.user_id, d.key) for d in due] == [(c["person"].pk, f"routine:{item.id}:2026-03-09")]
    assert "Breakfast" not in due[0].detail
    assert list(scan_routines(datetime(2026, 3, 9, 13, 0, tzinfo=UTC))) == []  # an hour late: skipped
    assert list(scan_routines(datetime(2026, 3, 9, 11, 59, tzinfo=UTC))) == []
