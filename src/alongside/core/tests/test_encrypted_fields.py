"""Encrypted fields keep their Python types, store only tokens, and refuse database lookups."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import FieldError
from django.db import connection

pytestmark = pytest.mark.django_db


def _stored(table: str, column: str, pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE id = %s', [pk.hex])  # noqa: S608
        return cursor.fetchone()[0]


def test_values_of_every_encrypted_type_read_back_as_they_were_written(circle_members):
    from alongside.journal.models import CheckIn, Observation

    common = {
        "circle": circle_members["circle"],
        "author": circle_members["supporter"],
        "visibility": "only_me",
    }
    observation = Observation.objects.create(
        signs=["nodding_off"], worry=3, money_missing=Decimal("20.00"), **common
    )
    check_in = CheckIn.objects.create(
        checked_on=dt.date(2026, 3, 1), stress=0, sleep="okay", mood="mixed", had_support=False, **common
    )
    observation.refresh_from_db()
    check_in.refresh_from_db()
    assert (observation.signs, observation.worry, observation.money_missing) == (
        ["nodding_off"],
        3,
        Decimal("20.00"),
    )
    assert (check_in.stress, check_in.sleep, check_in.had_support) == (0, "okay", False)
    for table, column, pk in (
        ("journal_observation", "signs", observation.pk),
        ("journal_observation", "worry", observation.pk),
        ("journal_checkin", "stress", check_in.pk),
        ("journal_checkin", "had_support", check_in.pk),
    ):
        assert _stored(table, column, pk).startswith("fernet:")


def test_an_encrypted_field_refuses_a_database_lookup_instead_of_matching_nothing():
    from alongside.care.models import DayMark, Medication
    from alongside.journal.models import Observation

    with pytest.raises(FieldError, match="encrypted at rest"):
        list(Medication.objects.filter(kind="methadone"))
    with pytest.raises(FieldError, match="encrypted at rest"):
        list(DayMark.objects.filter(day__gte=dt.date(2026, 1, 1)))
    with pytest.raises(FieldError, match="encrypted at rest"):
        list(Observation.objects.filter(signs__contains="nodding_off"))
    assert list(Observation.objects.filter(worry__isnull=True)) == []


def test_a_setback_marked_twice_on_the_same_day_is_kept_once(circle_members):
    from alongside.care.models import DayMark, RecoveryStart
    from alongside.care.services import mark_day

    person = circle_members["person"]
    membership = circle_members["circle"].memberships.get(user=person)
    start = RecoveryStart.objects.create(
        circle=circle_members["circle"], author=person, visibility="circle", start_date=dt.date(2026, 1, 1)
    )
    first = mark_day(person, membership, start, day=dt.date(2026, 2, 1), kind=DayMark.Kind.SETBACK)
    again = mark_day(person, membership, start, day=dt.date(2026, 2, 1), kind=DayMark.Kind.SETBACK)
    mark_day(person, membership, start, day=dt.date(2026, 2, 1), kind=DayMark.Kind.GOAL_MET)
    assert first.pk == again.pk
    assert sorted(m.kind for m in start.marks.all()) == ["goal_met", "setback"]
