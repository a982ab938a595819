"""Deleting an account: the words are really gone, from every table, the SQLite file and its -wal."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, MultiFernet
from django.urls import reverse

from alongside.core.tests.test_backup import _alongside, _env


def _scenario(data_dir: Path, *args: str, **popen):
    return subprocess.Popen(
        [sys.executable, "-m", "alongside.mydata.tests.deletion_scenario", *args],
        env=_env(data_dir),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **popen,
    )


def _everything_readable(db_file: Path, keys: list[str]) -> str:
    """Every value of every table, with encrypted text decrypted."""
    cipher = MultiFernet([Fernet(k) for k in keys])
    values = []
    with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in db.execute(f'SELECT * FROM "{table}"'):  # noqa: S608
                for value in row:
                    if isinstance(value, str) and value.startswith("fernet:"):
                        value = cipher.decrypt(value[len("fernet:") :].encode()).decode()
                    values.append(str(value))
    return "\n".join(values)


def _tokens_of(db_file: Path, markers: list[str], keys: list[str]) -> list[bytes]:
    """The stored Fernet tokens whose plain text holds one of the markers (to look for them in the files)."""
    cipher = MultiFernet([Fernet(k) for k in keys])
    found = []
    with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True) as db:
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
            for row in db.execute(f'SELECT * FROM "{table}"'):  # noqa: S608
                for value in row:
                    if isinstance(value, str) and value.startswith("fernet:"):
                        plain = cipher.decrypt(value[len("fernet:") :].encode()).decode()
                        if any(m in plain for m in markers):
                            found.append(value[len("fernet:") : len("fernet:") + 60].encode())
    return found


@pytest.mark.parametrize("choice", ["delete", "keep"])
def test_deleting_a_supporter_leaves_none_of_their_private_words_anywhere(tmp_path, choice):
    assert _alongside(tmp_path, "migrate", "--verbosity", "0").returncode == 0
    fill = _scenario(tmp_path, "fill")
    out, err = fill.communicate(timeout=120)
    assert fill.returncode == 0, err
    made = json.loads(out)
    assert len(made["private"]) >= made["kinds"], "every kind of record has Sid's private words"
    db_file = tmp_path / "alongside.sqlite3"
    keys = (tmp_path / "field-key").read_text().split()
    tokens = _tokens_of(db_file, made["private"], keys)
    shared_tokens = _tokens_of(db_file, made["shared"] + made["on_others"], keys)
    assert len(tokens) >= made["kinds"]

    deleting = _scenario(tmp_path, "delete", choice, stdin=subprocess.PIPE)
    try:
        assert deleting.stdout.readline().strip() == "deleted", deleting.stderr.read()
        # While the "server" still holds the database open: the tables, the file and the -wal.
        tables = _everything_readable(db_file, keys)
        files = db_file.read_bytes() + (
            Path(str(db_file) + "-wal").read_bytes() if Path(str(db_file) + "-wal").exists() else b""
        )
    finally:
        deleting.communicate("\n", timeout=60)
    for marker in made["private"]:
        assert marker not in tables, f"{marker} is still in a table"
    for token in tokens:
        assert token not in files, "a deleted record's encrypted text is still in the SQLite file or its -wal"
    for marker in made["others"]:
        assert marker in tables, "other members' records stay"
    if choice == "delete":
        for marker in made["shared"] + made["on_others"]:
            assert marker not in tables
        for token in shared_tokens:
            assert token not in files
    else:
        for marker in made["shared"] + made["on_others"]:
            assert marker in tables, "kept in the circle, as written by a former member"
    with sqlite3.connect(db_file) as db:
        # Names are encrypted at rest with the scenario's own key: here only their absence in clear
        # is checked (the replacement label is checked through the app in the scenario's data).
        names = [row[0] for row in db.execute("SELECT display_name FROM accounts_user")]
        assert "Sid" not in names
        labels = {row[0] for row in db.execute("SELECT actor_label FROM audit_auditevent")}
        assert "Sid" not in labels
        details = [row[0] for row in db.execute("SELECT detail FROM reminders_reminder")]
        assert not any("SidShared" in d for d in details) or choice == "keep"


def _reauthenticate(client, password="a-long-test-password"):
    """Through allauth's own re-authentication page, as a member would."""
    first = client.get(reverse("mydata:delete_account"))
    assert first.status_code == 302 and "/accounts/reauthenticate/" in first["Location"]
    done = client.post(first["Location"], {"password": password})
    assert done.status_code == 302 and done["Location"].endswith(reverse("mydata:delete_account")), done


@pytest.mark.django_db
def test_an_organiser_cannot_delete_their_account_before_handing_over_or_deleting_the_circle(
    client, circle_members
):
    from alongside.mydata.deletion import DeletionRefused, delete_account

    olive = circle_members["organiser"]
    client.force_login(olive)
    _reauthenticate(client)
    page = client.get(reverse("mydata:delete_account")).content.decode()
    assert "Hand each one to a supporter, or delete it" in page and "Delete my account now" not in page
    response = client.post(
        reverse("mydata:delete_account"),
        {"shared": "delete", "password": "a-long-test-password", "confirm": "on"},
    )
    assert response.status_code == 200
    olive.refresh_from_db()  # still there
    with pytest.raises(DeletionRefused):
        delete_account(olive, shared="delete")


@pytest.mark.django_db
def test_a_handover_then_the_former_organiser_may_leave(client, circle_members):
    from alongside.circles.models import Membership

    olive, sid, circle = circle_members["organiser"], circle_members["supporter"], circle_members["circle"]
    client.force_login(olive)
    client.post(reverse("mydata:handover", args=[circle.id]), {"to": str(sid.public_id)})
    client.force_login(sid)
    page = client.get(reverse("mydata:index")).content.decode()
    assert "asks you to become the organiser" in page
    client.post(reverse("mydata:handover_answer", args=[circle.id]), {"answer": "accept"})
    assert Membership.objects.get(circle=circle, user=sid).role == "organiser"
    assert Membership.objects.get(circle=circle, user=olive).role == "supporter"
    from alongside.mydata.deletion import sole_organiser_circles

    assert sole_organiser_circles(olive) == []


@pytest.mark.django_db
def test_a_deleted_circle_can_be_kept_within_7_days_and_is_purged_after(client, circle_members):
    import datetime as dt

    from django.utils import timezone

    from alongside.circles.models import Circle
    from alongside.mydata.deletion import purge_deleted_circles
    from alongside.notes.models import Note

    olive, circle = circle_members["organiser"], circle_members["circle"]
    Note.objects.create(circle=circle, author=olive, title="t", body="b", visibility="only_me")
    client.force_login(olive)
    url = reverse("mydata:delete_circle", args=[circle.id])
    client.post(url, {"confirm": "1"})
    assert "will be deleted on" in client.get(url).content.decode()
    client.post(url, {"undo": "1"})
    assert purge_deleted_circles(timezone.now() + dt.timedelta(days=8)) == 0
    client.post(url, {"confirm": "1"})
    assert purge_deleted_circles(timezone.now() + dt.timedelta(days=6)) == 0
    assert purge_deleted_circles(timezone.now() + dt.timedelta(days=7, minutes=1)) == 1
    assert not Circle.objects.filter(pk=circle.pk).exists()
    assert not Note.objects.filter(circle_id=circle.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("choice", ["delete", "keep"])
def test_a_supporter_deletes_their_account_with_password_and_authenticator_code(
    client, circle_members, choice
):
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    from alongside.notes.models import Note

    sid, circle = circle_members["supporter"], circle_members["circle"]
    kept = Note.objects.create(
        circle=circle, author=sid, title="shared words", body="b", visibility="supporters"
    )
    gone = Note.objects.create(circle=circle, author=sid, title="only mine", body="b", visibility="only_me")
    secret = generate_totp_secret()
    TOTP.activate(sid, secret)
    client.force_login(sid)
    _reauthenticate(client)
    page = client.get(reverse("mydata:delete_account")).content.decode()
    assert "1 notes only you could see" in page and "Code from your authenticator app" in page

    url = reverse("mydata:delete_account")
    without_code = client.post(url, {"shared": choice, "password": "a-long-test-password", "confirm": "on"})
    assert without_code.status_code == 200 and "This field is required" in without_code.content.decode()
    wrong_password = client.post(
        url, {"shared": choice, "password": "not it", "code": "000000", "confirm": "on"}
    )
    assert "That is not your password." in wrong_password.content.decode()
    assert re.search(rf'value="{choice}"[^>]*checked', wrong_password.content.decode()), "the choice is kept"

    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    done = client.post(
        url, {"shared": choice, "password": "a-long-test-password", "code": code, "confirm": "on"}
    )
    assert done.status_code == 302
    assert not type(sid).objects.filter(pk=sid.pk).exists()
    assert not Note.objects.filter(pk=gone.pk).exists()
    assert Note.objects.filter(pk=kept.pk, author=None).exists() == (choice == "keep")
    assert client.get(reverse("mydata:index")).status_code == 302, "signed out"
