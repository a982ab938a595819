"""Bad input is answered with a clear message, and nothing typed is lost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.journal.models import CheckIn, Contact, Observation

pytestmark = pytest.mark.django_db


def _observe(client, c, **data):
    values = {
        "observed_at": "2024-05-01T09:30",
        "visibility": "supporters",
        "signs_physical": ["nodding_off"],
    }
    values.update(data)
    return client.post(reverse("journal:observe", args=[c["circle"].id]), values)


def test_a_date_after_today_is_refused_and_the_rest_is_kept(c, client):
    client.force_login(c["supporter"])
    tomorrow = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = _observe(client, c, observed_at=tomorrow, notes="kept words")
    page = response.content.decode()
    assert response.status_code == 200
    assert "This day has not happened yet. Choose today or an earlier day." in page
    assert "kept words" in page and 'value="nodding_off" id="id_signs_physical_1" checked' in page
    assert "Nothing is saved yet" in page
    assert not Observation.objects.exists()


def test_a_negative_amount_is_refused_with_a_clear_message(c, client):
    client.force_login(c["supporter"])
    response = _observe(client, c, money_missing="-20", notes="wallet")
    page = response.content.decode()
    assert "An amount cannot be below zero" in page and 'value="-20"' in page
    assert not Observation.objects.exists()


def test_ten_thousand_characters_of_notes_are_refused_and_kept_in_full(c, client):
    client.force_login(c["supporter"])
    long_text = "a" * 9_990 + "the end.!!"
    response = _observe(client, c, notes=long_text)
    page = response.content.decode()
    assert "Notes can be up to 5000 characters; this has 10000." in page
    assert long_text in page
    assert not Observation.objects.exists()


def test_a_contact_in_the_future_or_with_long_notes_is_refused(c, client):
    client.force_login(c["supporter"])
    url = reverse("journal:contact_create", args=[c["circle"].id])
    later = (timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url, {"contacted_at": later, "how": "call", "visibility": "supporters", "notes": "x" * 10_000}
    )
    page = response.content.decode()
    assert "This day has not happened yet." in page and "Notes can be up to 5000 characters" in page
    assert not Contact.objects.exists()


def test_a_check_in_must_be_from_0_to_10_and_not_in_the_future(c, client):
    client.force_login(c["supporter"])
    url = reverse("journal:self_care_check_in", args=[c["circle"].id])
    later = (timezone.now() + timedelta(days=3)).date().isoformat()
    response = client.post(
        url, {"checked_on": later, "stress": "11", "sleep": "okay", "mood": "low", "note": "tired"}
    )
    page = response.content.decode()
    assert (
        "Choose a number from 0 to 10." in page
        and "This day has not happened yet." in page
        and "tired" in page
    )
    response = client.post(url, {"checked_on": "2024-01-01", "stress": "-1", "sleep": "okay", "mood": "low"})
    assert "Choose a number from 0 to 10." in response.content.decode()
    assert not CheckIn.objects.exists()


def test_an_observation_earlier_today_is_accepted(c, client):
    client.force_login(c["supporter"])
    now = timezone.now().strftime("%Y-%m-%dT%H:%M")
    response = _observe(client, c, observed_at=now, money_missing="20.50")
    assert response.status_code == 302
    observation = Observation.objects.get()
    assert observation.signs == ["nodding_off"] and str(observation.money_missing) == "20.50"


def test_the_timeline_filter_refuses_an_upside_down_period(c, client):
    client.force_login(c["supporter"])
    response = client.get(
        reverse("journal:timeline", args=[c["circle"].id]), {"since": "2024-05-10", "until": "2024-05-01"}
    )
    assert "The end of the period cannot be before its start." in response.content.decode()


def test_an_empty_observation_is_refused_with_a_clear_message(c, client):
    client.force_login(c["supporter"])
    response = client.post(
        reverse("journal:observe", args=[c["circle"].id]),
        {"observed_at": "2024-05-01T09:30", "visibility": "supporters"},
    )
    assert "Tick a sign, say how worried you are, or write a few words" in response.content.decode()
    assert not Observation.objects.exists()
