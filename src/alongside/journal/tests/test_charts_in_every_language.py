"""Every chart drawn in Spanish and French writes its SVG numbers with a decimal point: a number
written "82,0" is rejected by the browser and the bar disappears."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
NUMBER_ATTRIBUTES = ("x", "y", "width", "height", "x1", "y1", "x2", "y2")


def svg_numbers(page: str) -> list[str]:
    numbers = []
    for svg in re.findall(r"<svg\b.*?</svg>", page, re.S):
        numbers += re.search(r'viewBox="([^"]*)"', svg).group(1).split(" ")
        for tag in re.findall(r"<(?:rect|line|text)\b[^>]*>", svg):
            numbers += [
                value for name, value in re.findall(r'\s([\w-]+)="([^"]*)"', tag) if name in NUMBER_ATTRIBUTES
            ]
    return numbers


def chart_pages(c, client, entry):
    circle = c["circle"]
    for weeks_ago, signs in (
        (6, ["asking_for_money"]),
        (5, ["selling_things"]),
        (3, ["asking_for_money"]),
        (2, ["asking_for_money", "selling_things", "unpaid_bills"]),
        (1, ["things_missing"]),
    ):
        entry(
            "observation",
            circle,
            c["supporter"],
            "supporters",
            signs=signs,
            observed_at=NOW - timedelta(weeks=weeks_ago),
        )
    client.force_login(c["supporter"])
    with time_machine.travel(NOW - timedelta(days=30), tick=False):
        for days, stress in ((0, 7), (7, 3), (14, 9)):
            client.post(
                reverse("journal:self_care_check_in", args=[circle.id]),
                {
                    "checked_on": (NOW - timedelta(days=30 - days)).date().isoformat(),
                    "stress": str(stress),
                    "sleep": "badly",
                    "mood": "low",
                    "note": "",
                    "visibility": "only_me",
                },
            )
    return [reverse("journal:patterns", args=[circle.id]), reverse("journal:self_care", args=[circle.id])]


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_every_chart_writes_numbers_a_browser_can_read(c, client, entry, language):
    urls = chart_pages(c, client, entry)
    with translation.override(language):
        urls = [reverse(name, args=[c["circle"].id]) for name in ("journal:patterns", "journal:self_care")]
    assert all(url.startswith(f"/{language}/") for url in urls) or language == "en"
    numbers = []
    with time_machine.travel(NOW, tick=False):
        # Thirty days after the last check-in, the idle sign-out (a shared-device safeguard) has
        # ended the session: sign in again, as the member would.
        client.force_login(c["supporter"])
        for url in urls:
            page = client.get(url).content.decode()
            assert "<svg" in page, url
            numbers += svg_numbers(page)
    assert len(numbers) > 50
    assert any("." in n for n in numbers)  # the charts do draw fractional sizes
    for number in numbers:
        float(number)  # "82,0" would raise here
