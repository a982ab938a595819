"""At rest: a stolen database file, its write-ahead log or a backup shows nothing a member
typed, no two-step sign-in secret, and no health fact in clear.

``at_rest_scenario.py`` runs in its own process on a file-based SQLite database: it signs
members up, enrols TOTP and submits every form of the circle as every role with a unique
marker in every free-text field. While it keeps the database open, this test reads the
database file and its ``-wal`` as bytes, takes a backup with SQLite's backup API, and
searches all three.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

SCENARIO = Path(__file__).with_name("at_rest_scenario.py")

# Tables the scenario must have reached (proof that it wrote markers everywhere): every
# personal-record kind, plus names, invitation labels and the audit trail's copies.
EXPECTED_TABLES = {
    "accounts_user", "circles_circle", "circles_invitation", "audit_auditevent",
    "care_appointment", "care_medication", "care_habitcheckin", "care_rewardplan", "care_rewardgiven",
    "care_routineitem", "directory_shortlistitem", "directory_calllog", "journal_observation",
    "journal_contact", "journal_checkin", "journal_selfcareplan", "library_programmechecklist", "notes_note",
    "plans_boundary", "plans_boundarytest", "plans_conversationplan", "plans_conversationoutcome",
    "plans_relapseplan", "plans_planversion", "plans_personalgoal", "safety_naloxonekit", "safety_riskevent",
    "safety_emergencywishes", "safety_safetyplan", "programme_worksheet", "programme_practice",
}  # fmt: skip

# Public or content tables: the library's search index and imported directories contain
# words such as "methadone" by design.
PUBLIC_TABLES = {
    "library_searchentry",
    "library_indexstate",
    "meetings_meeting",
    "directory_facility",
    "directory_facilitysource",
}


@pytest.fixture(scope="module")
def stolen(tmp_path_factory):
    """The scenario's report, the three byte images and every row of every app table (from the backup)."""
    data_dir = tmp_path_factory.mktemp("at-rest")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ALONGSIDE_DATA_DIR")}
    env["ALONGSIDE_DATA_DIR"] = str(data_dir)
    # The code under test, wherever the package is installed from.
    source = str(SCENARIO.parent.parent / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (source, env.get("PYTHONPATH", "")) if p)
    process = subprocess.Popen(
        [sys.executable, str(SCENARIO)],
        cwd=SCENARIO.parent,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        if not line:
            process.wait(timeout=30)
            pytest.fail(f"the scenario stopped: {process.stderr.read()[-3000:]}")
        report = json.loads(line)
        database = data_dir / "alongside.sqlite3"
        wal = database.with_name(database.name + "-wal")
        images = {
            "database file": database.read_bytes(),
            "write-ahead log": wal.read_bytes() if wal.exists() else b"",
        }
        backup = data_dir / "backup.sqlite3"
        source, target = sqlite3.connect(database), sqlite3.connect(backup)
        with target:
            source.backup(target)
        source.close()
        images["backup"] = backup.read_bytes()
        rows = _all_rows(target)
        target.close()
    finally:
        if process.poll() is None:
            process.stdin.write("\n")
            process.stdin.flush()
            process.wait(timeout=60)
        process.stdout.close()
        process.stderr.close()
        process.stdin.close()
    return report, images, rows


def _all_rows(connection) -> dict[str, list[dict]]:
    tables = [
        name
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if name.split("_")[0]
        in {
            "accounts",
            "audit",
            "care",
            "circles",
            "directory",
            "firststeps",
            "journal",
            "library",
            "notes",
            "plans",
            "reminders",
            "safety",
        }
        and name not in PUBLIC_TABLES
    ]
    rows = {}
    for table in tables:
        cursor = connection.execute(f'SELECT * FROM "{table}"')  # noqa: S608
        names = [d[0] for d in cursor.description]
        rows[table] = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return rows


def test_the_scenario_wrote_into_every_kind_of_record(stolen):
    report, images, _rows = stolen
    assert report["refused"] == [], f"forms the scenario could not submit: {report['refused']}"
    missing = EXPECTED_TABLES - set(report["tables_with_markers"])
    assert not missing, f"no marker reached {sorted(missing)}"
    assert len(report["markers"]) > 200
    assert images["write-ahead log"], "the write-ahead log was empty: nothing to check there"


def test_no_member_text_or_sign_in_secret_is_readable_in_the_file_its_log_or_a_backup(stolen):
    report, images, _rows = stolen
    secrets = {
        "the TOTP secret": report["totp_secret"],
        "the recovery-code seed": report["recovery_seed"],
        **{f"a recovery code ({code})": code for code in report["recovery_codes"]},
    }
    found = []
    for image_name, image in images.items():
        for marker, where in report["markers"].items():
            if marker.encode() in image:
                found.append(f"{image_name}: {where}")
        for what, secret in secrets.items():
            if secret.encode() in image:
                found.append(f"{image_name}: {what}")
    assert not found, "readable at rest:\n" + "\n".join(sorted(found))


def test_an_address_typed_into_the_invite_form_is_not_readable_at_rest(stolen):
    """Invitation e-mail addresses belong to people who are not members yet: kept encrypted."""
    report, images, rows = stolen
    invited = report["invited_addresses"]
    assert len(invited) == 2, f"the invitations were not saved with their addresses: {invited}"
    crawled = [m for m, where in report["markers"].items() if where.endswith("email") and "invitee-" in where]
    assert crawled, "the crawler typed no address into the invite form"
    found = [
        f"{image_name}: {address}"
        for image_name, image in images.items()
        for address in [*invited, *crawled]
        if address.split("@")[0].encode() in image
    ]
    assert not found, "invitation addresses readable at rest:\n" + "\n".join(found)
    stored = [row["email"] for row in rows["circles_invitation"] if row["email"]]
    assert len(stored) >= 2 and all(value.startswith("fernet:") for value in stored)


def _health_codes() -> set[str]:
    from alongside.care.models import MedicationKind
    from alongside.journal.signs import SIGN_GROUP
    from alongside.safety.models import RiskKind

    return {*(k for k in MedicationKind.values if k != "other"), *RiskKind.values, *SIGN_GROUP}


def _codes_in(value, codes: set[str]) -> set[str]:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str) or not value:
        return set()
    found = {value} & codes
    if value[:1] in "[{":
        try:
            decoded = json.loads(value)
        except ValueError:
            decoded = None
        if isinstance(decoded, list):
            found |= {v for v in decoded if isinstance(v, str)} & codes
        elif isinstance(decoded, dict):
            found |= {v for v in decoded.values() if isinstance(v, str)} & codes
    return found | {code for code in codes if f'"{code}"' in value}


def test_no_medication_risk_or_sign_code_is_stored_in_clear(stolen):
    _report, _images, rows = stolen
    codes = _health_codes()
    assert {"methadone", "left_detox"} <= codes
    found = []
    for table, table_rows in rows.items():
        for row in table_rows:
            for column, value in row.items():
                for code in _codes_in(value, codes):
                    found.append(f"{table}.{column}: {code!r}")
    assert "journal_observation" in rows and rows["journal_observation"], "no observation to check"
    assert rows["care_medication"] and rows["safety_riskevent"], "no medication or risk to check"
    assert not found, "health facts in clear:\n" + "\n".join(sorted(set(found)))
