"""Rows written before a field was encrypted are converted by the migrations, and still read
the same; TOTP secrets stored in clear by allauth's default adapter are encrypted too."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

APPS = {
    "accounts",
    "audit",
    "care",
    "circles",
    "directory",
    "firststeps",
    "journal",
    "plans",
    "reminders",
    "safety",
}


def _before_encryption(graph) -> tuple[list, list]:
    """Targets to reach the state just before each app's ``encrypt_at_rest`` migration, read from
    the current graph (merge migrations make hard-coded names go stale).

    Returns (backwards, forwards): first unapply each encrypting migration and everything after it
    by migrating its app to the node just before it, then apply the other branches of the app
    (fields added beside the encryption) that do not depend on any encrypting migration.
    """
    encrypting = [
        key for key in graph.nodes if key[0] in APPS and re.fullmatch(r"\d+_encrypt_at_rest", key[1])
    ]
    excluded = set()
    for key in encrypting:
        excluded.update(graph.backwards_plan(key))  # the migration and all its descendants
    backwards = []
    for key in encrypting:
        parents = [p for p in graph.node_map[key].parents if p.key[0] == key[0]]
        backwards.extend(p.key for p in parents)
    kept = [key for key in graph.nodes if key[0] in APPS and key not in excluded]
    forwards = [
        key
        for key in kept
        if not any(child.key in kept for child in graph.node_map[key].children if child.key[0] == key[0])
    ]
    return sorted(set(backwards)), sorted(forwards)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _stored(table: str, column: str, pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE id = %s', [pk])  # noqa: S608
        return str(cursor.fetchone()[0])


def test_existing_rows_are_encrypted_by_the_migrations_and_read_back_unchanged():
    try:
        _check_existing_rows_are_encrypted()
    finally:
        call_command("migrate", verbosity=0)


def _check_existing_rows_are_encrypted():
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    latest = [key for key in graph.leaf_nodes() if key[0] in APPS]
    backwards, forwards = _before_encryption(graph)
    _migrate(backwards)
    old = _migrate(forwards)
    User = old.get_model("accounts", "User")
    user = User.objects.create(email="ana@example.org", display_name="Ana Lopez", password="x")
    circle = old.get_model("circles", "Circle").objects.create(person_name="Sam", created_by=user)
    old.get_model("circles", "Invitation").objects.create(
        circle=circle,
        role="supporter",
        token_hash="h" * 64,
        label="Aunt Rosa",
        expires_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
    )
    common = {"circle": circle, "author": user, "visibility": "circle"}
    medication = old.get_model("care", "Medication").objects.create(kind="methadone", **common)
    start = old.get_model("care", "RecoveryStart").objects.create(
        start_date=dt.date(2026, 1, 1), goal="reduced", **common
    )
    mark = old.get_model("care", "DayMark").objects.create(
        start=start, day=dt.date(2026, 2, 3), kind="setback"
    )
    risk = old.get_model("safety", "RiskEvent").objects.create(
        kind="left_detox", started_on=dt.date(2026, 1, 2), **common
    )
    observation = old.get_model("journal", "Observation").objects.create(
        signs=["pinpoint_pupils"], worry=2, money_missing=Decimal("12.50"), **common
    )
    check_in = old.get_model("journal", "CheckIn").objects.create(
        checked_on=dt.date(2026, 1, 5), stress=7, sleep="badly", mood="low", had_support=True, **common
    )
    item = old.get_model("directory", "ShortlistItem").objects.create(
        kind="facility",
        ref="clinic-42",
        name="Harbour Clinic",
        phone="555-0100",
        address="1 Quay St",
        url="https://x.example",
        **common,
    )

    _migrate(latest)

    assert _stored("accounts_user", "display_name", user.pk).startswith("fernet:")
    assert _stored("care_medication", "kind", medication.pk.hex).startswith("fernet:")
    assert _stored("care_daymark", "day", mark.pk.hex).startswith("fernet:")
    assert _stored("journal_observation", "signs", observation.pk.hex).startswith("fernet:")
    assert _stored("journal_checkin", "stress", check_in.pk.hex).startswith("fernet:")
    assert _stored("directory_shortlistitem", "name", item.pk.hex).startswith("fernet:")

    from alongside.accounts.models import User as CurrentUser
    from alongside.care.models import DayMark, Medication, RecoveryStart
    from alongside.circles.models import Circle, Invitation
    from alongside.directory.models import ShortlistItem
    from alongside.journal.models import CheckIn, Observation
    from alongside.safety.models import RiskEvent

    assert CurrentUser.objects.get(pk=user.pk).display_name == "Ana Lopez"
    assert Circle.objects.get(pk=circle.pk).person_name == "Sam"
    assert Invitation.objects.get(circle_id=circle.pk).label == "Aunt Rosa"
    assert Medication.objects.get(pk=medication.pk).kind == "methadone"
    start_now = RecoveryStart.objects.get(pk=start.pk)
    assert (start_now.start_date, start_now.goal) == (dt.date(2026, 1, 1), "reduced")
    mark_now = DayMark.objects.get(pk=mark.pk)
    assert (mark_now.day, mark_now.kind) == (dt.date(2026, 2, 3), "setback")
    assert RiskEvent.objects.get(pk=risk.pk).kind == "left_detox"
    observation_now = Observation.objects.get(pk=observation.pk)
    assert (observation_now.signs, observation_now.worry, observation_now.money_missing) == (
        ["pinpoint_pupils"],
        2,
        Decimal("12.50"),
    )
    check_in_now = CheckIn.objects.get(pk=check_in.pk)
    assert (check_in_now.stress, check_in_now.sleep, check_in_now.mood, check_in_now.had_support) == (
        7,
        "badly",
        "low",
        True,
    )
    item_now = ShortlistItem.objects.get(pk=item.pk)
    assert (item_now.ref, item_now.name, item_now.phone, item_now.address) == (
        "clinic-42",
        "Harbour Clinic",
        "555-0100",
        "1 Quay St",
    )


def test_a_totp_secret_stored_in_clear_is_encrypted_and_still_signs_in():
    try:
        _check_totp_secret_is_encrypted()
    finally:
        call_command("migrate", verbosity=0)


def _check_totp_secret_is_encrypted():
    from allauth.mfa.models import Authenticator

    from alongside.accounts.models import User

    _migrate([("accounts", "0003_encrypt_at_rest")])
    user = User.objects.create_user(
        email="ana@example.org", password="a-long-test-password", display_name="Ana"
    )
    secret = "JBSWY3DPEHPK3PXP"
    authenticator = Authenticator.objects.create(user=user, type="totp", data={"secret": secret})
    _migrate([("accounts", "0004_encrypt_mfa_secrets")])
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator WHERE id = %s", [authenticator.pk])
        stored = cursor.fetchone()[0]
    assert secret not in stored and json.loads(stored)["secret"].startswith("fernet:")

    from allauth.mfa.totp.internal.auth import TOTP

    assert TOTP(Authenticator.objects.get(pk=authenticator.pk)).instance and _totp_works(
        authenticator.pk, secret
    )


def _totp_works(pk, secret: str) -> bool:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, hotp_value

    code = f"{hotp_value(secret, int(time.time()) // 30):06d}"
    return TOTP(Authenticator.objects.get(pk=pk)).validate_code(code)
