from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import icalendar
import pytest
import time_machine
from django.urls import reverse

from alongside.care import services
from alongside.care.models import Appointment, Medication, RecoveryStart, RewardPlan, RideOffer
from alongside.circles.models import Membership
from alongside.core.zones import local_today

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)


def appointment(c, **extra):
    values = dict(
        circle=c["circle"],
        author=c["organiser"],
        visibility="circle",
        kind="dosing",
        title="Clinic",
        starts_at=datetime(2026, 3, 6, 12, 30, tzinfo=UTC),
        repeat="daily",
        needs_ride=True,
    )
    values.update(extra)
    return Appointment.objects.create(**values)


@pytest.fixture
def c(circle_members):
    circle = circle_members["circle"]
    circle.time_zone = "America/New_York"
    circle.save()
    return circle_members


def test_the_calendar_feed_parses_back_with_repeats_and_the_reset_makes_the_old_address_404(c, client):
    appointment(c)
    appointment(c, title="Private", visibility="only_me", author=c["supporter"])
    client.force_login(c["person"])
    page = client.get(reverse("care:calendar", args=[c["circle"].id]))
    feed_url = page.context["feed_url"].split("testserver", 1)[1]
    client.logout()
    response = client.get(feed_url)
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == ["Clinic"]  # not the private one, and no kind of visit
    event = events[0]
    assert event["rrule"]["FREQ"] == ["DAILY"]
    assert event.decoded("dtstart").hour == 7 and str(event.decoded("dtstart").tzinfo) == "America/New_York"
    assert calendar.walk("VTIMEZONE")
    client.force_login(c["person"])
    client.post(reverse("care:calendar_reset", args=[c["circle"].id]))
    client.logout()
    assert client.get(feed_url).status_code == 404


def test_a_feed_stops_working_when_its_member_leaves(c, client):
    membership = Membership.objects.get(user=c["supporter"], circle=c["circle"])
    token = services.feed_for(membership).token
    assert client.get(reverse("care:feed", args=[token])).status_code == 200
    membership.left_at = NOW
    membership.save()
    assert client.get(reverse("care:feed", args=[token])).status_code == 404


def test_one_appointment_downloads_as_ics(c, client):
    a = appointment(c, repeat="none")
    client.force_login(c["supporter"])
    body = client.get(reverse("care:appointment_ics", args=[c["circle"].id, a.id])).content
    assert len(icalendar.Calendar.from_ical(body).walk("VEVENT")) == 1


def test_only_one_member_can_drive_each_occurrence(c, client):
    a = appointment(c)
    occurrence = datetime(2026, 3, 9, 11, 30, tzinfo=UTC)  # 7:30 EDT, after the change
    client.force_login(c["supporter"])
    client.post(
        reverse("care:offer_ride", args=[c["circle"].id, a.id]), {"occurrence": occurrence.isoformat()}
    )
    client.force_login(c["organiser"])
    response = client.post(
        reverse("care:offer_ride", args=[c["circle"].id, a.id]),
        {"occurrence": occurrence.isoformat()},
        follow=True,
    )
    assert "already offered" in response.content.decode()
    assert RideOffer.objects.get().driver == c["supporter"]


def test_a_ride_for_a_time_the_appointment_does_not_happen_is_refused(c, client):
    a = appointment(c)
    client.force_login(c["supporter"])
    client.post(
        reverse("care:offer_ride", args=[c["circle"].id, a.id]),
        {"occurrence": datetime(2026, 3, 9, 9, 0, tzinfo=UTC).isoformat()},
    )
    assert RideOffer.objects.count() == 0


def test_an_appointment_form_with_errors_keeps_what_was_typed(c, client):
    client.force_login(c["supporter"])
    response = client.post(
        reverse("care:appointment_create", args=[c["circle"].id]),
        {
            "kind": "dosing",
            "title": "Morning clinic",
            "place": "Main St",
            "starts_at": "2026-03-10T07:30",
            "duration_minutes": "30",
            "repeat": "daily",
            "repeat_until": "2026-03-01",
            "visibility": "circle",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and Appointment.objects.count() == 0
    assert "cannot be before the first appointment" in body
    assert 'value="Morning clinic"' in body and 'value="Main St"' in body


def test_times_typed_in_the_form_are_in_the_circle_s_time_zone(c, client):
    client.force_login(c["supporter"])
    client.post(
        reverse("care:appointment_create", args=[c["circle"].id]),
        {
            "kind": "doctor",
            "title": "Dr Lee",
            "starts_at": "2026-07-01T09:00",
            "duration_minutes": "30",
            "repeat": "none",
            "visibility": "circle",
        },
    )
    assert Appointment.objects.get().starts_at == datetime(2026, 7, 1, 13, 0, tzinfo=UTC)


def test_the_person_decides_about_medications(c, client):
    client.force_login(c["supporter"])
    assert client.get(reverse("care:medication_create", args=[c["circle"].id])).status_code == 404
    client.force_login(c["person"])
    form = client.get(reverse("care:medication_create", args=[c["circle"].id])).context["form"]
    assert form.initial["visibility"] == "only_me" and "agreed_by_person" not in form.fields
    client.post(
        reverse("care:medication_create", args=[c["circle"].id]),
        {"kind": "buprenorphine", "visibility": "only_me"},
    )
    medication = Medication.objects.get()
    assert medication.agreed_by_person
    client.force_login(c["supporter"])
    assert (
        client.get(reverse("care:medication_detail", args=[c["circle"].id, medication.id])).status_code == 404
    )
    medication.visibility = "supporters"
    medication.save()
    assert (
        client.get(reverse("care:medication_detail", args=[c["circle"].id, medication.id])).status_code == 200
    )


def test_without_the_person_in_the_circle_a_supporter_records_only_with_their_agreement(c, client):
    Membership.objects.filter(user=c["person"]).update(left_at=NOW)
    client.force_login(c["supporter"])
    url = reverse("care:medication_create", args=[c["circle"].id])
    refused = client.post(url, {"kind": "methadone", "clinic": "Eastside", "visibility": "supporters"})
    assert (
        "only when the person has agreed" in refused.content.decode()
        and 'value="Eastside"' in refused.content.decode()
    )
    client.post(
        url, {"kind": "methadone", "clinic": "Eastside", "visibility": "supporters", "agreed_by_person": "on"}
    )
    assert Medication.objects.count() == 1


def test_no_page_about_medications_gives_dosing_advice(c, client):
    client.force_login(c["person"])
    body = client.get(reverse("care:medications", args=[c["circle"].id])).content.decode()
    assert "never gives dosing advice" in body and "ask the prescriber" in body


def test_reward_plans_refuse_negative_values_and_days_not_yet_come(c, client):
    client.force_login(c["organiser"])
    response = client.post(
        reverse("care:rewards", args=[c["circle"].id]),
        {
            "target": "Attended IOP",
            "unit": "points",
            "start_value": "-1",
            "step": "1",
            "max_value": "5",
            "bonus_every": "3",
            "bonus": "2",
            "recover_after": "3",
            "budget": "50",
            "visibility": "circle",
        },
    )
    assert (
        "Use zero or more." in response.content.decode()
        and 'value="Attended IOP"' in response.content.decode()
    )
    plan = RewardPlan.objects.create(
        circle=c["circle"], author=c["organiser"], visibility="circle", target="IOP", budget=Decimal("50")
    )
    tomorrow = local_today(c["circle"].time_zone) + timedelta(days=1)
    response = client.post(
        reverse("care:reward_detail", args=[c["circle"].id, plan.id]),
        {"form": "outcome", "day": tomorrow.isoformat(), "success": "1"},
    )
    assert "has not happened yet" in response.content.decode()
    assert plan.outcomes.count() == 0


def test_a_reward_cannot_be_given_beyond_what_was_earned(c, client):
    plan = RewardPlan.objects.create(
        circle=c["circle"], author=c["organiser"], visibility="circle", target="IOP", budget=Decimal("50")
    )
    client.force_login(c["organiser"])
    url = reverse("care:reward_detail", args=[c["circle"].id, plan.id])
    today = local_today(c["circle"].time_zone).isoformat()
    client.post(url, {"form": "outcome", "day": today, "success": "1"})
    response = client.post(url, {"form": "given", "day": today, "amount": "9", "what": "Cinema"})
    assert "more than has been earned" in response.content.decode()
    client.post(url, {"form": "given", "day": today, "amount": "2.50", "what": "Cinema"})
    assert services.ledger(plan)["owed"] == 0


def test_a_setback_is_noted_without_erasing_the_count(c, client):
    client.force_login(c["person"])
    url = reverse("care:milestones", args=[c["circle"].id])
    with time_machine.travel(datetime(2026, 3, 31, 15, 0, tzinfo=UTC)):
        client.post(url, {"start_date": "2026-01-01", "goal": "abstinence", "visibility": "circle"})
        start = RecoveryStart.objects.get()
        client.post(
            reverse("care:milestone_mark", args=[c["circle"].id, start.id]),
            {"day": "2026-02-14", "kind": "setback"},
        )
        page = client.get(url)
    assert page.context["progress"].current_days == 45
    assert page.context["progress"].longest_days == 45
    assert page.context["progress"].total_days == 89
    assert "never erases" in page.content.decode()


def test_habit_check_ins_are_not_accepted_for_tomorrow(c, client):
    client.force_login(c["person"])
    tomorrow = (local_today(c["circle"].time_zone) + timedelta(days=1)).isoformat()
    response = client.post(
        reverse("care:habits", args=[c["circle"].id]),
        {"day": tomorrow, "meals": "3", "note": "ok", "visibility": "circle"},
    )
    assert "has not happened yet" in response.content.decode()


def test_the_reminder_scan_asks_for_a_day_and_an_hour_before_and_an_unfilled_ride(c):
    from alongside.care.reminders import scan

    appointment(
        c, repeat="none", starts_at=datetime(2026, 3, 9, 11, 30, tzinfo=UTC)
    )  # 7:30 EDT on Monday 9 March
    day_before = [d for d in scan(datetime(2026, 3, 8, 11, 31, tzinfo=UTC)) if d.event_type == "appointment"]
    assert day_before and {d.due_at for d in day_before} == {datetime(2026, 3, 8, 11, 30, tzinfo=UTC)}
    readers = {d.user_id for d in day_before}
    assert readers == {c["organiser"].pk, c["supporter"].pk, c["person"].pk}  # not the professional
    hour_before = [d for d in scan(datetime(2026, 3, 9, 10, 45, tzinfo=UTC)) if d.key.endswith(":1h")]
    assert hour_before
    rides = [d for d in scan(datetime(2026, 3, 8, 11, 31, tzinfo=UTC)) if d.event_type == "ride_unfilled"]
    assert {d.user_id for d in rides} == {c["organiser"].pk}
    assert date(2026, 3, 9).isoformat() in rides[0].key


def test_the_ledger_reward_column_shows_the_reward_alone_and_the_bonus_apart(c, client):
    import re

    plan = RewardPlan.objects.create(
        circle=c["circle"],
        author=c["organiser"],
        visibility="circle",
        target="IOP",
        bonus_every=1,
        bonus=Decimal("10"),
    )
    client.force_login(c["organiser"])
    url = reverse("care:reward_detail", args=[c["circle"].id, plan.id])
    client.post(
        url, {"form": "outcome", "day": local_today(c["circle"].time_zone).isoformat(), "success": "1"}
    )
    page = client.get(url).content.decode()
    row = re.search(r"<tbody><tr>(.*?)</tr>", page).group(1)
    cells = re.findall(r"<td>(.*?)</td>", row)
    assert cells[2:] == ["2.50", "10.00", "12.50"]  # reward, bonus, running total
