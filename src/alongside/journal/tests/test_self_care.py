"""Looking after yourself: a private space, a weekly check-in, and a kind suggestion when strain
stays high for three check-ins."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from alongside.journal.models import CheckIn, SelfCarePlan
from alongside.journal.reminders import scan_self_care
from alongside.journal.selfcare import strain_stays_high
from alongside.reminders.events import EventType


def test_strain_stays_high_only_after_three_high_check_ins_in_a_row():
    assert strain_stays_high([7, 8, 9])
    assert strain_stays_high([10, 7, 7, 1])
    assert not strain_stays_high([9, 9])  # only two so far
    assert not strain_stays_high([9, 6, 9])
    assert not strain_stays_high([3, 9, 9, 9])  # the latest is better
    assert not strain_stays_high([])


def check_in(client, c, stress, day):
    return client.post(
        reverse("journal:self_care_check_in", args=[c["circle"].id]),
        {
            "checked_on": day,
            "stress": str(stress),
            "sleep": "badly",
            "mood": "low",
            "note": "so tired",
            "visibility": "circle",
        },
    )


pytestmark = pytest.mark.django_db


def test_three_high_check_ins_bring_the_suggestion_with_concrete_options(c, client):
    client.force_login(c["supporter"])
    url = reverse("journal:self_care", args=[c["circle"].id])
    check_in(client, c, 8, "2026-01-05")
    check_in(client, c, 9, "2026-01-12")
    assert "It has been a hard few weeks" not in client.get(url).content.decode()
    check_in(client, c, 7, "2026-01-19")
    page = client.get(url).content.decode()
    assert "It has been a hard few weeks" in page
    assert "Nar-Anon or Al-Anon" in page and "counsellor" in page and "helpline" in page
    assert "<svg" in page and "<table" in page
    check_in(client, c, 4, "2026-01-26")
    assert "It has been a hard few weeks" not in client.get(url).content.decode()


def test_a_check_in_is_always_private_whatever_is_posted(c, client):
    client.force_login(c["supporter"])
    check_in(client, c, 5, "2026-01-05")
    saved = CheckIn.objects.get()
    assert saved.visibility == "only_me" and saved.author == c["supporter"] and saved.note == "so tired"
    saved.visibility = "circle"
    saved.save()
    assert CheckIn.objects.get().visibility == "only_me"


def test_no_other_member_and_no_outsider_can_see_a_supporter_s_space(c, client):
    circle = c["circle"]
    client.force_login(c["supporter"])
    check_in(client, c, 9, "2026-01-05")
    client.post(
        reverse("journal:self_care_plan", args=[circle.id]),
        {"helps": "long walks", "people": "my sister Ana", "limits": "no money"},
    )
    assert SelfCarePlan.objects.get().visibility == "only_me"
    for role in ("person", "professional", "outsider"):
        client.force_login(c[role])
        for name in ("journal:self_care", "journal:self_care_plan"):
            assert client.get(reverse(name, args=[circle.id])).status_code == 404, (role, name)
        assert client.post(reverse("journal:self_care_check_in", args=[circle.id])).status_code == 404
    # The organiser has a space of their own, empty: nothing of the supporter's shows.
    client.force_login(c["organiser"])
    page = client.get(reverse("journal:self_care", args=[circle.id])).content.decode()
    assert "so tired" not in page and "long walks" not in page and "my sister Ana" not in page
    assert "Your check-ins will show here." in page
    plan_page = client.get(reverse("journal:self_care_plan", args=[circle.id])).content.decode()
    assert "long walks" not in plan_page
    for name in ("journal:timeline", "journal:export_print", "journal:export_csv", "journal:patterns"):
        body = client.get(reverse(name, args=[circle.id])).content.decode()
        assert "so tired" not in body and "long walks" not in body


def test_the_plan_is_kept_and_changed_by_its_author(c, client):
    client.force_login(c["supporter"])
    url = reverse("journal:self_care_plan", args=[c["circle"].id])
    client.post(url, {"helps": "walks", "people": "", "limits": "", "weekly_reminder": "on"})
    client.post(url, {"helps": "walks and tea", "people": "Ana", "limits": "", "weekly_reminder": "on"})
    plan = SelfCarePlan.objects.get()
    assert (plan.helps, plan.people, plan.weekly_reminder) == ("walks and tea", "Ana", True)
    assert "walks and tea" in client.get(reverse("journal:self_care", args=[c["circle"].id])).content.decode()


def test_the_weekly_nudge_comes_seven_days_after_the_last_check_in_for_those_who_asked(c):
    circle = c["circle"]
    supporter = c["supporter"]
    supporter.time_zone = "Europe/Paris"
    supporter.save()
    SelfCarePlan.objects.create(circle=circle, author=supporter, weekly_reminder=True)
    SelfCarePlan.objects.create(circle=circle, author=c["organiser"], weekly_reminder=False)
    CheckIn.objects.create(
        circle=circle, author=supporter, checked_on=date(2026, 3, 2), stress=3, sleep="okay", mood="good"
    )
    CheckIn.objects.create(
        circle=circle, author=supporter, checked_on=date(2026, 2, 20), stress=3, sleep="okay", mood="good"
    )
    assert list(scan_self_care(datetime(2026, 3, 9, 8, 59, tzinfo=UTC))) == []
    due = list(scan_self_care(datetime(2026, 3, 9, 9, 0, tzinfo=UTC)))  # 10:00 in Paris
    assert [(d.user_id, d.event_type, d.url_name, d.detail) for d in due] == [
        (supporter.pk, EventType.SELF_CARE, "journal:self_care", "")
    ]
    assert due[0].key.endswith("2026-03-09")
    CheckIn.objects.create(
        circle=circle, author=supporter, checked_on=date(2026, 3, 9), stress=3, sleep="okay", mood="good"
    )
    assert list(scan_self_care(datetime(2026, 3, 9, 12, 0, tzinfo=UTC) + timedelta(days=1))) == []
