"""The treatment search follows the country: no Medicaid or Medicare filter for Canada, and
distances in kilometres where roads are measured in them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from alongside.directory.demo import load_sample_facilities

pytestmark = pytest.mark.django_db


def payment_choices(response) -> set[str]:
    return {key for key, _label in response.context["form"].fields["payment"].choices}


def test_a_canadian_search_offers_no_medicaid_or_medicare_and_measures_in_km(client):
    load_sample_facilities()
    response = client.get(reverse("directory:treatment"), {"q": "M5V", "radius": "25"})
    html = response.content.decode()
    assert response.context["count"]
    assert not {"medicaid", "medicare"} & payment_choices(response)
    assert 'value="medicaid"' not in html and "Medicare" not in html.split('id="results-heading"')[0]
    assert re.search(r"[\d.]+ km away", html) and "miles away" not in html
    assert re.search(r'<option value="25"[^>]*>40 km \(25 miles\)', html)


def test_a_medicaid_filter_sent_for_a_canadian_search_is_ignored_not_an_empty_list(client):
    load_sample_facilities()
    everything = client.get(reverse("directory:treatment"), {"q": "M5V", "radius": "25"}).context["count"]
    with_medicaid = client.get(
        reverse("directory:treatment"), {"q": "M5V", "radius": "25", "payment": "medicaid"}
    )
    assert with_medicaid.context["count"] == everything > 0


def test_a_us_search_keeps_medicaid_and_miles(client):
    load_sample_facilities()
    response = client.get(reverse("directory:treatment"), {"q": "60601", "radius": "25"})
    assert {"medicaid", "medicare"} <= payment_choices(response)
    assert "miles away" in response.content.decode()


def test_before_any_search_the_browsers_country_decides(client):
    canada = client.get(reverse("directory:treatment"), HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9")
    assert not {"medicaid", "medicare"} & payment_choices(canada)
    us = client.get(reverse("directory:treatment"), HTTP_ACCEPT_LANGUAGE="en-US")
    assert {"medicaid", "medicare"} <= payment_choices(us)
    spanish = client.get("/es" + reverse("directory:treatment"))
    assert re.search(r'<option value="25"[^>]*>40 km', spanish.content.decode())
