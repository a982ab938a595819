"""The person's own story (recovery count, goal, medications) changes only by the person or
by members the person allowed; each change shows who and when, and the person can undo it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from alongside.care.models import AdherenceEntry, DayMark, Medication, RecoveryStart
from alongside.circles.models import Membership, RecordChange
from alongside.plans.models import PersonalGoal

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 3, 31, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def start(circle_members):
    c = circle_members
    return RecoveryStart.objects.create(
        circle=c["circle"], author=c["person"], visibility="professionals", start_date=date(2026, 1, 1)
    )


def allow(c, role):
    Membership.objects.filter(circle=c["circle"], user=c[role]).update(may_update_persons_records=True)


def mark_url(c, start):
    return reverse("care:milestone_mark", args=[c["circle"].id, start.id])


def milestones_page(client, c) -> str:
    return client.get(reverse("care:milestones", args=[c["circle"].id])).content.decode()


@pytest.mark.parametrize("role", ["supporter", "organiser", "professional"])
def test_a_member_cannot_mark_a_setback_on_the_person_s_count_unless_allowed(
    client, circle_members, start, role
):
    c = circle_members
    client.force_login(c[role])
    assert "1 day" in milestones_page(client, c) or "days" in milestones_page(client, c)  # they can read it
    assert 'action="' + mark_url(c, start) not in milestones_page(client, c)
    assert client.post(mark_url(c, start), {"day": "2026-03-30", "kind": "setback"}).status_code == 404
    assert not DayMark.objects.exists()
    allow(c, role)
    assert client.post(mark_url(c, start), {"day": "2026-03-30", "kind": "setback"}).status_code == 302
    mark = DayMark.objects.get()
    assert mark.recorded_by == c[role]


def test_the_person_is_asked_nobody_is_allowed_until_they_say_so(client, circle_members):
    c = circle_members
    assert not Membership.objects.filter(circle=c["circle"], may_update_persons_records=True).exists()
    client.force_login(c["person"])
    page = client.get(reverse("circles:my_records", args=[c["circle"].id])).content.decode()
    assert "Who may change my recovery count, goal and medications" in page
    for role in ("organiser", "supporter", "professional"):
        client.force_login(c[role])
        assert client.get(reverse("circles:my_records", args=[c["circle"].id])).status_code == 404


def test_the_person_allows_a_member_sees_who_marked_a_setback_and_when_and_undoes_it(
    client, circle_members, start
):
    c = circle_members
    supporter = Membership.objects.get(circle=c["circle"], user=c["supporter"])
    client.force_login(c["person"])
    client.post(reverse("circles:my_records", args=[c["circle"].id]), {"allowed": [str(supporter.pk)]})
    supporter.refresh_from_db()
    assert supporter.may_update_persons_records
    client.force_login(c["supporter"])
    client.post(mark_url(c, start), {"day": "2026-03-30", "kind": "setback"})
    client.force_login(c["person"])
    page = milestones_page(client, c)
    assert "noted by Sid" in page and "Take back" in page
    records = client.get(reverse("circles:my_records", args=[c["circle"].id])).content.decode()
    assert "Sid added a day on the recovery count" in records
    change = RecordChange.objects.get()
    assert change.changed_by == c["supporter"]
    client.post(reverse("circles:undo_change", args=[c["circle"].id, change.id]))
    assert not DayMark.objects.exists()
    assert (
        "Nobody else has changed your records."
        in client.get(reverse("circles:my_records", args=[c["circle"].id])).content.decode()
    )
    assert "Current stretch: 90 days" in milestones_page(client, c)


def test_the_person_takes_back_a_day_from_the_count_itself(client, circle_members, start):
    c = circle_members
    mark = DayMark.objects.create(start=start, day=date(2026, 3, 1), kind="setback", recorded_by=c["person"])
    client.force_login(c["supporter"])
    take_back = reverse("care:milestone_take_back", args=[c["circle"].id, start.id])
    assert client.post(take_back, {"mark": str(mark.id)}).status_code == 404
    client.force_login(c["person"])
    assert client.post(take_back, {"mark": str(mark.id)}).status_code == 302
    assert not DayMark.objects.exists()


def test_milestones_reached_stay_reached_after_a_setback_and_past_stretches_are_listed(
    client, circle_members, start
):
    c = circle_members
    client.force_login(c["person"])
    client.post(mark_url(c, start), {"day": "2026-02-14", "kind": "setback"})  # after 44 days
    client.post(mark_url(c, start), {"day": "2026-03-20", "kind": "setback"})  # after 33 more
    page = milestones_page(client, c)
    earlier = page.split("Earlier stretches", 1)[1].split("</section>", 1)[0]
    assert "1 Jan 2026 to 13 Feb 2026: 44 days" in earlier
    assert "15 Feb 2026 to 19 Mar 2026: 33 days" in earlier
    for reached in ("1 day", "7 days", "14 days", "30 days"):
        assert reached in earlier
    assert "Current stretch: 11 days" in page
    assert "Longest stretch: 44 days" in page
    days_noted = page.split("Days noted", 1)[1]
    assert days_noted.count("noted by Sam") == 2


def test_a_supporter_cannot_change_the_person_s_goal_unless_allowed_and_the_person_can_undo_it(
    client, circle_members
):
    c = circle_members
    goal = PersonalGoal.objects.create(
        circle=c["circle"],
        author=c["person"],
        visibility="circle",
        choice="reduced",
        in_their_words="Less on weekdays",
    )
    url = reverse("plans:goal", args=[c["circle"].id])
    client.force_login(c["supporter"])
    assert client.post(url, {"choice": "abstinence", "in_their_words": "None at all"}).status_code == 404
    allow(c, "supporter")
    assert 'name="visibility"' not in client.get(url).content.decode()
    assert client.post(url, {"choice": "abstinence", "in_their_words": "None at all"}).status_code == 302
    goal.refresh_from_db()
    assert (goal.choice, goal.in_their_words, goal.visibility, goal.author) == (
        "abstinence",
        "None at all",
        "circle",
        c["person"],
    )
    client.force_login(c["person"])
    assert "Changed by others: Sid" in client.get(url).content.decode()
    change = RecordChange.objects.get()
    client.post(reverse("circles:undo_change", args=[c["circle"].id, change.id]))
    goal.refresh_from_db()
    assert (goal.choice, goal.in_their_words) == ("reduced", "Less on weekdays")


def test_medications_change_only_by_the_person_or_those_they_allowed(client, circle_members):
    c = circle_members
    medication = Medication.objects.create(
        circle=c["circle"],
        author=c["person"],
        visibility="supporters",
        kind="buprenorphine",
        clinic="Eastside",
    )
    detail = reverse("care:medication_detail", args=[c["circle"].id, medication.id])
    edit = reverse("care:medication_edit", args=[c["circle"].id, medication.id])
    client.force_login(c["supporter"])
    assert client.post(detail, {"day": "2026-03-31", "taken": "no"}).status_code == 404
    assert client.get(edit).status_code == 404
    assert not AdherenceEntry.objects.exists()
    allow(c, "supporter")
    client.post(detail, {"day": "2026-03-31", "taken": "no"})
    client.post(edit, {"kind": "buprenorphine", "clinic": "Westside"})
    medication.refresh_from_db()
    assert medication.clinic == "Westside" and medication.visibility == "supporters"
    assert AdherenceEntry.objects.get().recorded_by == c["supporter"]
    client.force_login(c["person"])
    page = client.get(detail).content.decode()
    assert "Changed by others" in page and "Sid" in page
    for change in RecordChange.objects.all():
        client.post(reverse("circles:undo_change", args=[c["circle"].id, change.id]))
    medication.refresh_from_db()
    assert medication.clinic == "Eastside" and not AdherenceEntry.objects.exists()


def test_only_the_person_undoes_changes(client, circle_members, start):
    c = circle_members
    allow(c, "supporter")
    client.force_login(c["supporter"])
    client.post(mark_url(c, start), {"day": "2026-03-30", "kind": "setback"})
    change = RecordChange.objects.get()
    for role in ("supporter", "organiser", "professional", "outsider"):
        client.force_login(c[role])
        assert (
            client.post(reverse("circles:undo_change", args=[c["circle"].id, change.id])).status_code == 404
        )
    assert DayMark.objects.exists()
