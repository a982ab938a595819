"""The demo rows load, and changing an observation keeps what was ticked."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from alongside.journal.models import CheckIn, Contact, Observation

pytestmark = pytest.mark.django_db


def test_the_demo_circle_gets_a_journal_and_private_check_ins():
    call_command("load_demo", stdout=io.StringIO())
    assert Observation.objects.count() >= 5 and Contact.objects.count() >= 3
    assert set(CheckIn.objects.values_list("visibility", flat=True)) == {"only_me"}


def test_changing_an_observation_shows_its_signs_ticked_and_saves_the_change(c, client, entry):
    circle = c["circle"]
    observation = entry(
        "observation", circle, c["supporter"], signs=["nodding_off", "unpaid_bills"], notes="first"
    )
    client.force_login(c["supporter"])
    url = reverse("journal:observation_edit", args=[circle.id, observation.id])
    page = client.get(url).content.decode()
    assert 'value="nodding_off" id="id_signs_physical_1" checked' in page
    assert 'value="unpaid_bills" id="id_signs_financial_3" checked' in page
    response = client.post(
        url,
        {
            "observed_at": "2024-02-01T08:00",
            "signs_psychological": ["restless"],
            "notes": "changed",
            "visibility": "circle",
        },
    )
    assert response.status_code == 302
    observation.refresh_from_db()
    assert (
        observation.signs == ["restless"]
        and observation.notes == "changed"
        and observation.visibility == "circle"
    )
