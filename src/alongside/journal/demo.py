"""Demo rows for the laptop's demo circle: some weeks of observations and contacts, and a
supporter's private check-ins (visible only to that supporter, as always)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone


def add_demo(*, circle, members, stdout) -> None:
    from alongside.journal.models import CheckIn, Contact, Observation

    now = timezone.now()
    supporter, organiser = members["supporter"], members["organiser"]
    pattern = [
        (70, ["asking_for_money"], None),
        (60, ["odd_sleep"], None),
        (50, ["mood_swings"], None),
        (40, ["asking_for_money"], Decimal("20")),
        (25, ["things_missing", "asking_for_money"], Decimal("40")),
        (18, ["selling_things", "nodding_off"], None),
        (12, ["things_missing", "unpaid_bills"], Decimal("60")),
        (6, ["asking_for_money", "withdrawing"], None),
        (2, ["small_pupils", "things_missing"], Decimal("30")),
    ]
    for days, signs, money in pattern:
        Observation.objects.create(
            circle=circle,
            author=supporter,
            visibility="supporters",
            observed_at=now - timedelta(days=days),
            signs=signs,
            money_missing=money,
            worry=2,
            notes="Demo: what I noticed, in plain facts.",
        )
    for days, how, mood in (
        (30, "in_person", "okay"),
        (15, "call", "low"),
        (9, "message", "unsure"),
        (4, "in_person", "low"),
    ):
        Contact.objects.create(
            circle=circle,
            author=organiser,
            visibility="circle",
            contacted_at=now - timedelta(days=days),
            how=how,
            mood=mood,
        )
    for weeks, stress in ((3, 6), (2, 8), (1, 8), (0, 9)):
        CheckIn.objects.create(
            circle=circle,
            author=supporter,
            checked_on=(now - timedelta(weeks=weeks)).date(),
            stress=stress,
            sleep="badly",
            mood="low",
            had_support=weeks == 0,
        )
