"""Stopping methadone, buprenorphine or naltrexone is a risk period of its own (issue 19)."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from alongside.safety import risk
from alongside.safety.models import RiskEvent

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)
NOON = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def test_its_window_is_the_four_weeks_the_cited_study_found_riskiest():
    assert risk.window_days("stopped_medication") == 28
    urls = {s["url"] for s in risk.rules()["sources"]}
    assert "https://doi.org/10.1136/bmj.c5475" in urls


def test_a_member_notes_it_and_the_circle_home_warns_about_low_tolerance(client, circle_members):
    c = circle_members
    client.force_login(c["organiser"])
    with time_machine.travel(NOON):
        page = client.get(reverse("safety:risks", args=[c["circle"].id])).content.decode()
        assert 'value="stopped_medication"' in page
        assert "Stopped medication (methadone, buprenorphine or naltrexone)" in page
        assert reverse("library:article", args=["naltrexone-and-overdose-risk"]) in page
        client.post(
            reverse("safety:risks", args=[c["circle"].id]),
            {"kind": "stopped_medication", "started_on": "2026-05-10", "visibility": "supporters"},
        )
        event = RiskEvent.objects.get()
        assert event.kind == "stopped_medication"
        client.force_login(c["supporter"])
        home = client.get(reverse("circles:detail", args=[c["circle"].id])).content.decode()
    assert "Higher overdose risk" in home and "Stopped medication" in home
    assert "tolerance to opioids falls" in home
    # Day 28 is the last day of the period.
    assert risk.ends_on(event) == date(2026, 5, 10) + timedelta(days=27)
    assert not risk.is_active(event, date(2026, 6, 7))


def test_the_kind_reads_in_spanish_and_french(client, circle_members):
    c = circle_members
    client.force_login(c["organiser"])
    with time_machine.travel(NOON):
        pages = {}
        for lang in ("es", "fr"):
            with translation.override(lang):
                pages[lang] = client.get(reverse("safety:risks", args=[c["circle"].id])).content.decode()
    es, fr = pages["es"], pages["fr"]
    assert "Dejó la medicación (metadona, buprenorfina o naltrexona)" in es
    assert "Arrêt du médicament (méthadone, buprénorphine ou naltrexone)" in fr
