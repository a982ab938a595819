"""Backup and restore, as a host runs them: separate processes on real data directories."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

PASSPHRASE = "correct horse battery staple"

WRITER = """
import os, sys, django
django.setup()
from alongside.accounts.models import User
from alongside.circles.models import Circle, Membership, Role
from alongside.notes.services import create_note
user = User.objects.create_user(email="writer@example.org", password="a-long-test-password", display_name="W")
circle = Circle.objects.create(person_name="Sam", created_by=user)
Membership.objects.create(circle=circle, user=user, role=Role.ORGANISER)
progress = open(sys.argv[1], "a", buffering=1)
n = 0
while True:
    n += 1
    create_note(user, circle, title=f"note {n}", body=f"private body {n}", visibility="only_me")
    progress.write(f"note {n}\\n")  # written only after the note's transaction committed
"""

READER = """
import json, django
django.setup()
from alongside.notes.models import Note
print(json.dumps({n.title: n.body for n in Note.objects.all()}))
"""


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "FIELD_ENCRYPTION_KEYS")}
    env.update(
        DJANGO_SETTINGS_MODULE="alongside.settings",
        ALONGSIDE_DATA_DIR=str(data_dir),
        ALONGSIDE_BACKUP_PASSPHRASE=PASSPHRASE,
    )
    env.update(extra)
    return env


def _alongside(data_dir: Path, *args: str, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "alongside.cli", *args],
        env=_env(data_dir, **extra),
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )


def _notes_in(data_dir: Path) -> dict[str, str]:
    result = subprocess.run(
        [sys.executable, "-c", READER], env=_env(data_dir), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def source_dir(tmp_path):
    source = tmp_path / "source"
    migrated = _alongside(source, "migrate", "--verbosity", "0")
    assert migrated.returncode == 0, migrated.stderr
    return source


def test_a_backup_taken_while_notes_are_written_restores_every_note_committed_before_it(tmp_path, source_dir):
    progress = tmp_path / "progress.txt"
    progress.touch()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(progress)], env=_env(source_dir))
    try:
        deadline = time.monotonic() + 60
        while len(progress.read_text().splitlines()) < 30:
            assert writer.poll() is None, "the writer stopped"
            assert time.monotonic() < deadline, "the writer wrote too slowly"
            time.sleep(0.1)
        committed_before = set(progress.read_text().splitlines())
        backup = tmp_path / "alongside.backup"
        result = _alongside(source_dir, "backup", str(backup))
        assert result.returncode == 0, result.stderr
        written_during = len(progress.read_text().splitlines())
    finally:
        writer.terminate()
        writer.wait(timeout=30)
    assert written_during > len(committed_before), "the writer kept writing while the backup ran"
    assert b"private body" not in backup.read_bytes() and b"fernet:" not in backup.read_bytes()

    fresh = tmp_path / "fresh"
    restored = _alongside(fresh, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert (fresh / "field-key").read_text().split() == (source_dir / "field-key").read_text().split()
    notes = _notes_in(fresh)
    assert committed_before <= set(notes)
    assert all(notes[title] == "private body " + title.split()[1] for title in notes)
    checked = _alongside(fresh, "check")
    assert checked.returncode == 0, checked.stderr


def test_restore_refuses_the_wrong_passphrase_and_a_backup_without_keys(tmp_path, source_dir):
    seeded = subprocess.run(
        [sys.executable, "-c", WRITER.replace("while True:", "for _ in range(3):"), str(tmp_path / "p.txt")],
        env=_env(source_dir),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert seeded.returncode == 0, seeded.stderr
    backup = tmp_path / "with-keys.backup"
    assert _alongside(source_dir, "backup", str(backup)).returncode == 0

    wrong = _alongside(
        tmp_path / "a", "restore", str(backup), ALONGSIDE_BACKUP_PASSPHRASE="not the passphrase"
    )
    assert wrong.returncode != 0
    assert "The passphrase does not open this backup" in wrong.stderr
    assert not (tmp_path / "a" / "alongside.sqlite3").exists()

    keyless = tmp_path / "without-keys.backup"
    assert _alongside(source_dir, "backup", "--without-keys", str(keyless)).returncode == 0
    no_keys = _alongside(tmp_path / "b", "restore", str(keyless))
    assert no_keys.returncode != 0
    assert "holds no field-encryption keys and FIELD_ENCRYPTION_KEYS is not set" in no_keys.stderr
    assert not (tmp_path / "b" / "alongside.sqlite3").exists()

    from cryptography.fernet import Fernet

    other_key = Fernet.generate_key().decode()
    wrong_keys = _alongside(tmp_path / "c", "restore", str(keyless), FIELD_ENCRYPTION_KEYS=other_key)
    assert wrong_keys.returncode != 0 and "do not open the encrypted text" in wrong_keys.stderr

    right_key = (source_dir / "field-key").read_text().strip()
    with_env_key = _alongside(tmp_path / "d", "restore", str(keyless), FIELD_ENCRYPTION_KEYS=right_key)
    assert with_env_key.returncode == 0, with_env_key.stderr
    assert len(_notes_in_with_key(tmp_path / "d", right_key)) == 3


def _notes_in_with_key(data_dir: Path, key: str) -> dict[str, str]:
    result = subprocess.run(
        [sys.executable, "-c", READER],
        env=_env(data_dir, FIELD_ENCRYPTION_KEYS=key),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_database_without_its_key_is_an_error_never_a_new_key(tmp_path, source_dir):
    seeded = subprocess.run(
        [sys.executable, "-c", WRITER.replace("while True:", "for _ in range(2):"), str(tmp_path / "p.txt")],
        env=_env(source_dir),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert seeded.returncode == 0, seeded.stderr
    key_file = source_dir / "field-key"
    key_file.unlink()

    missing = _alongside(source_dir, "check")
    assert missing.returncode != 0
    assert "holds a database but no field-key file" in missing.stderr
    assert not key_file.exists(), "no new key is made beside existing data"

    from cryptography.fernet import Fernet

    key_file.write_text(Fernet.generate_key().decode())
    wrong = _alongside(source_dir, "check")
    assert wrong.returncode != 0
    assert "do not open the encrypted text in this database (" in wrong.stderr
    serve = _alongside(source_dir, "serve", "--port", "0")
    assert serve.returncode != 0 and "alongside.E003" in serve.stderr


PG_SERVER = os.environ.get("ALONGSIDE_BACKUP_TEST_PG", "postgres://postgres@127.0.0.1:5432")


def _pg(sql: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3) as db:
            db.execute(sql)
        return True
    except psycopg.OperationalError:
        return False


def test_a_postgresql_backup_restores_into_an_empty_database(tmp_path):
    import shutil

    if not shutil.which("pg_dump") or not _pg("SELECT 1"):
        pytest.skip("no PostgreSQL server or client tools here")
    import uuid

    run = uuid.uuid4().hex[:8]  # its own databases, so runs side by side never collide
    names = {"src": f"alongside_backup_{run}_src", "dst": f"alongside_backup_{run}_dst"}
    for name in names.values():
        _pg(f"DROP DATABASE IF EXISTS {name}")
        _pg(f"CREATE DATABASE {name}")
    try:
        source = {"DATABASE_URL": f"{PG_SERVER}/{names['src']}"}
        target = {"DATABASE_URL": f"{PG_SERVER}/{names['dst']}"}
        assert _alongside(tmp_path / "a", "migrate", "--verbosity", "0", **source).returncode == 0
        seeded = subprocess.run(
            [
                sys.executable,
                "-c",
                WRITER.replace("while True:", "for _ in range(3):"),
                str(tmp_path / "p.txt"),
            ],
            env=_env(tmp_path / "a", **source),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert seeded.returncode == 0, seeded.stderr
        backup = tmp_path / "pg.backup"
        made = _alongside(tmp_path / "a", "backup", str(backup), **source)
        assert made.returncode == 0, made.stderr
        restored = _alongside(tmp_path / "b", "restore", str(backup), **target)
        assert restored.returncode == 0, restored.stderr
        result = subprocess.run(
            [sys.executable, "-c", READER],
            env=_env(tmp_path / "b", **target),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert json.loads(result.stdout) == {f"note {n}": f"private body {n}" for n in (1, 2, 3)}
        again = _alongside(tmp_path / "b", "restore", str(backup), **target)
        assert again.returncode != 0 and "already holds tables" in again.stderr
    finally:
        for name in names.values():
            _pg(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
