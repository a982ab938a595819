from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.reminders.models import Reminder
from alongside.safety import reminders, risk
from alongside.safety.models import EmergencyWishes, NaloxoneKit, RiskEvent, SafeHomeTick

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)
NOON = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def kit(c, days, visibility="circle", author="organiser"):
    return NaloxoneKit.objects.create(
        circle=c["circle"],
        author=c[author],
        visibility=visibility,
        location=f"drawer {days}",
        expires_on=TODAY + timedelta(days=days),
    )


def test_expiry_maths_counts_days_and_warns_sixty_days_ahead(circle_members):
    soon, later = kit(circle_members, 60), kit(circle_members, 61)
    assert soon.days_left(TODAY) == 60 and soon.expiring(TODAY)
    assert later.days_left(TODAY) == 61 and not later.expiring(TODAY)


def test_the_circle_home_warns_about_kits_the_member_may_see(client, circle_members):
    c = circle_members
    kit(c, 10)
    kit(c, 5, visibility="only_me", author="supporter")
    with time_machine.travel(NOON):
        client.force_login(c["person"])
        body = client.get(reverse("circles:detail", args=[c["circle"].id])).content.decode()
    assert "drawer 10 expires in 10 days" in body
    assert "drawer 5" not in body


def test_kit_reminders_come_at_sixty_thirty_and_seven_days(circle_members):
    c = circle_members
    k = kit(c, 45)
    keys = {d.key for d in reminders.scan(NOON)}
    assert f"kit:{k.id}:{k.expires_on}:60" in keys
    assert not any(key.endswith(":30") for key in keys)
    later = {d.key for d in reminders.scan(NOON + timedelta(days=15))}
    assert f"kit:{k.id}:{k.expires_on}:30" in later
    last = {d.key for d in reminders.scan(NOON + timedelta(days=38))}
    assert f"kit:{k.id}:{k.expires_on}:7" in last
    readers = {d.user_id for d in reminders.scan(NOON)}
    assert c["professional"].pk not in readers and c["person"].pk in readers


def test_a_new_kit_with_a_past_date_or_no_doses_is_refused_with_what_was_typed_kept(client, circle_members):
    c = circle_members
    client.force_login(c["supporter"])
    with time_machine.travel(NOON):
        response = client.post(
            reverse("safety:kits", args=[c["circle"].id]),
            {
                "kind": "nasal_4mg",
                "count": "-2",
                "location": "Hall cupboard",
                "expires_on": "2026-05-01",
                "visibility": "circle",
            },
        )
    body = response.content.decode()
    assert "This date has passed" in body and "better than none" in body
    assert "at least one dose" in body
    assert 'value="Hall cupboard"' in body
    assert NaloxoneKit.objects.count() == 0


def test_a_risk_period_is_active_from_its_first_day_to_its_last(circle_members):
    c = circle_members
    event = RiskEvent.objects.create(
        circle=c["circle"], author=c["organiser"], visibility="circle", kind="left_jail", started_on=TODAY
    )
    days = risk.window_days("left_jail")
    assert risk.is_active(event, TODAY)
    assert risk.is_active(event, TODAY + timedelta(days=days - 1))
    assert not risk.is_active(event, TODAY + timedelta(days=days))
    assert not risk.is_active(event, TODAY - timedelta(days=1))
    notice = risk.notices([event], TODAY + timedelta(days=days - 1), "en")[0]
    assert notice.days_left == 1 and "tolerance" in notice.reason


def test_risk_notices_show_only_to_members_who_may_see_them(client, circle_members):
    c = circle_members
    with time_machine.travel(NOON):
        RiskEvent.objects.create(
            circle=c["circle"],
            author=c["organiser"],
            visibility="supporters",
            kind="left_detox",
            started_on=TODAY,
        )
        client.force_login(c["supporter"])
        assert (
            "Higher overdose risk"
            in client.get(reverse("circles:detail", args=[c["circle"].id])).content.decode()
        )
        client.force_login(c["person"])
        assert (
            "Higher overdose risk"
            not in client.get(reverse("circles:detail", args=[c["circle"].id])).content.decode()
        )
        client.force_login(c["outsider"])
        assert client.get(reverse("safety:risks", args=[c["circle"].id])).status_code == 404


def test_a_new_risk_period_is_announced_to_the_others_who_may_see_it(
    client, circle_members, django_capture_on_commit_callbacks
):
    c = circle_members
    client.force_login(c["organiser"])
    with time_machine.travel(NOON), django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("safety:risks", args=[c["circle"].id]),
            {"kind": "left_treatment", "started_on": "2026-06-01", "visibility": "circle"},
        )
    told = set(Reminder.objects.filter(event_type="risk_period").values_list("user_id", flat=True))
    assert told == {c["supporter"].pk, c["person"].pk}


def test_a_risk_period_cannot_start_tomorrow(client, circle_members):
    c = circle_members
    client.force_login(c["organiser"])
    with time_machine.travel(NOON):
        response = client.post(
            reverse("safety:risks", args=[c["circle"].id]),
            {
                "kind": "left_treatment",
                "started_on": "2026-06-02",
                "notes": "clinic said",
                "visibility": "circle",
            },
        )
    assert "has not happened yet" in response.content.decode() and "clinic said" in response.content.decode()
    assert RiskEvent.objects.count() == 0


def test_the_person_s_emergency_wishes_follow_their_visibility(client, circle_members):
    c = circle_members
    client.force_login(c["person"])
    client.post(
        reverse("safety:plan", args=[c["circle"].id]),
        {"form": "wishes", "wishes": "Call my sister Ana first", "visibility": "only_me"},
    )
    assert EmergencyWishes.objects.get().visibility == "only_me"
    client.force_login(c["organiser"])
    assert (
        "Call my sister Ana first"
        not in client.get(reverse("safety:plan", args=[c["circle"].id])).content.decode()
    )
    EmergencyWishes.objects.update(visibility="circle")
    assert (
        "Call my sister Ana first"
        in client.get(reverse("safety:plan", args=[c["circle"].id])).content.decode()
    )


def test_members_tick_the_safe_home_checklist_together(client, circle_members):
    c = circle_members
    client.force_login(c["person"])
    client.post(reverse("safety:plan_tick", args=[c["circle"].id, "naloxone_known"]))
    client.force_login(c["supporter"])
    page = client.get(reverse("safety:plan", args=[c["circle"].id])).content.decode()
    assert "Sam, " in page  # who ticked it
    client.post(reverse("safety:plan_tick", args=[c["circle"].id, "naloxone_known"]))
    assert SafeHomeTick.objects.count() == 0
    client.force_login(c["professional"])
    assert (
        client.post(reverse("safety:plan_tick", args=[c["circle"].id, "naloxone_known"])).status_code == 404
    )


def test_the_kit_expiry_reminder_reads_as_a_date_in_words_never_a_bare_number(circle_members):
    from datetime import UTC, date, datetime

    from django.utils import translation

    from alongside.reminders.models import Reminder
    from alongside.reminders.services import scan
    from alongside.safety.models import NaloxoneKit

    NaloxoneKit.objects.create(
        circle=circle_members["circle"],
        author=circle_members["organiser"],
        visibility="circle",
        location="kitchen",
        expires_on=date(2026, 5, 1),
    )
    scan(datetime(2026, 3, 5, 12, 0, tzinfo=UTC))
    reminder = Reminder.objects.get(
        user=circle_members["organiser"], channel="in_app", event_type="kit_expiring"
    )
    with translation.override("en"):
        assert reminder.detail_text == "it expires on May 1, 2026"
    assert not reminder.detail_text.isdigit()


def test_the_kits_and_plan_pages_read_no_more_as_kits_are_added(client, circle_members):
    c = circle_members
    EmergencyWishes.objects.create(
        circle=c["circle"], author=c["person"], visibility="circle", wishes="Call my sister Ana first"
    )
    kit(c, 90)
    client.force_login(c["organiser"])
    kits_url = reverse("safety:kits", args=[c["circle"].id])
    plan_url = reverse("safety:plan", args=[c["circle"].id])
    client.get(kits_url), client.get(plan_url)
    with CaptureQueriesContext(connection) as kits_first:
        client.get(kits_url)
    with CaptureQueriesContext(connection) as plan_first:
        page = client.get(plan_url).content.decode()
    assert "Call my sister Ana first" in page and "drawer 90" in page
    # Only the person writes wishes: for anyone else, only those shared with them are read.
    assert sum('FROM "safety_emergencywishes"' in q["sql"] for q in plan_first.captured_queries) == 1
    for days, author in ((120, "supporter"), (150, "person"), (200, "organiser")):
        kit(c, days, author=author)
    with CaptureQueriesContext(connection) as kits_later:
        page = client.get(kits_url).content.decode()
    assert all(f"drawer {days}" in page for days in (90, 120, 150, 200))
    with CaptureQueriesContext(connection) as plan_later:
        page = client.get(plan_url).content.decode()
    assert all(f"drawer {days}" in page for days in (90, 120, 150, 200))
    assert len(kits_later.captured_queries) == len(kits_first.captured_queries)
    assert len(plan_later.captured_queries) == len(plan_first.captured_queries)
    # The kit list shows no author and no notes: their encrypted words are not read.
    kit_reads = [q["sql"] for q in kits_later.captured_queries if 'FROM "safety_naloxonekit"' in q["sql"]]
    assert len(kit_reads) == 1 and '"notes"' not in kit_reads[0] and "accounts_user" not in kit_reads[0]
