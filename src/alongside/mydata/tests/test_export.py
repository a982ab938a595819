"""Export all my data: every record of every kind, in two circles, and nothing private of anyone else."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import jsonschema
import pytest
from django.urls import reverse

from alongside.audit.models import Action, AuditEvent
from alongside.circles.models import Membership, Role
from alongside.mydata.export import export_schema
from alongside.mydata.tests.factory import child_models, make_row, record_models, unique_marker

pytestmark = pytest.mark.django_db

SCHEMA_FILE = Path(__file__).resolve().parents[4] / "docs" / "export.schema.json"


@pytest.fixture
def filled(circle_members):
    """Sam is the person in circle A and a supporter in circle B. Every kind of record, written
    by Sam in both circles, with its attached rows; and records of others Sam may or may not read."""
    people = circle_members
    sam, sid, olive, pat = people["person"], people["supporter"], people["organiser"], people["professional"]
    circle_a, circle_b = people["circle"], people["other_circle"]
    Membership.objects.create(circle=circle_b, user=sam, role=Role.SUPPORTER)
    Membership.objects.create(circle=circle_b, user=sid, role=Role.SUPPORTER)
    mine, theirs_private, shared_with_sam = [], [], []
    for model in record_models():
        for circle in (circle_a, circle_b):
            record = make_row(
                model, circle=circle, user=sam, marker=unique_marker("sam"), visibility="only_me"
            )
            mine.append(record)
            for child, fk in child_models().items():
                if isinstance(record, fk.related_model):
                    mine.append(
                        make_row(child, circle=circle, user=sam, marker=unique_marker("kid"), parent=record)
                    )
        # Sid's own and Olive's supporters-only records: Sam (the person) may not read them.
        theirs_private.append(
            make_row(model, circle=circle_a, user=sid, marker=unique_marker("sid"), visibility="only_me")
        )
        theirs_private.append(
            make_row(
                model, circle=circle_a, user=olive, marker=unique_marker("olive"), visibility="supporters"
            )
        )
        theirs_private.append(
            make_row(model, circle=circle_b, user=sid, marker=unique_marker("sid"), visibility="only_me")
        )
        shared = make_row(
            model, circle=circle_a, user=pat, marker=unique_marker("shared"), visibility="circle"
        )
        # Kinds that stay with their author whatever the visibility (self-care) are private after all.
        readable = model.objects.visible_to(sam).filter(pk=shared.pk).exists()
        (shared_with_sam if readable else theirs_private).append(shared)
    assert not any(type(r).objects.visible_to(sam).filter(pk=r.pk).exists() for r in theirs_private)
    # In circle B Sam is a supporter: what Sam wrote on Otto's shared records (a test of Otto's boundary) is Sam's.
    for model in record_models():
        for child, fk in child_models().items():
            names_its_writer = any(
                getattr(f, "related_model", None) is type(sam) for f in child._meta.concrete_fields
            )
            if issubclass(model, fk.related_model) and names_its_writer:
                sids = make_row(
                    model,
                    circle=circle_b,
                    user=people["outsider"],
                    marker=unique_marker("otto"),
                    visibility="supporters",
                )
                mine.append(
                    make_row(child, circle=circle_b, user=sam, marker=unique_marker("samon"), parent=sids)
                )
    from alongside.reminders.models import Reminder, ReminderSettings

    reminder_kinds = [ReminderSettings, Reminder]
    extra = [make_row(m, circle=circle_a, user=sam, marker=unique_marker("rem")) for m in reminder_kinds]
    make_row(Reminder, circle=circle_a, user=sid, marker=unique_marker("sidrem"))
    from alongside.audit.services import record_event

    record_event(sam, Action.CHANGED, target=mine[0])
    record_event(sid, Action.VIEWED, target=theirs_private[0])  # in Sam's circle: the person reads the trail
    record_event(sid, Action.VIEWED, target=theirs_private[-1])  # in circle B, where Sam is a supporter
    return {
        "sam": sam,
        "sid": sid,
        "mine": mine + extra,
        "private": theirs_private,
        "shared": shared_with_sam,
    }


def _marker(row) -> str | None:
    for value in vars(row).values():
        if isinstance(value, str) and "MARK" in value:
            return re.search(r"MARK\d{4}\w+?(?=\W|$)", value).group(0)
    return None  # a kind with no free text (a ride offer): found by its id alone


def _download(client, user) -> zipfile.ZipFile:
    client.force_login(user)
    response = client.post(reverse("mydata:request_export"), follow=True)
    page = response.content.decode()
    link = re.search(r'href="(/account/my-data/download/[^"]+)"', page).group(1)
    download = client.get(link)
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert client.get(link).status_code == 404, "the link works once"
    return zipfile.ZipFile(
        io.BytesIO(b"".join(download.streaming_content) if download.streaming else download.content)
    )


def test_the_export_holds_every_record_of_mine_and_nothing_private_of_others(client, filled):
    archive = _download(client, filled["sam"])
    names = set(archive.namelist())
    everything = "\n".join(archive.read(name).decode() for name in names)
    schema = json.loads(SCHEMA_FILE.read_text())
    for name in names - {"index.html"}:
        jsonschema.validate(json.loads(archive.read(name)), schema["files"][name])

    for row in filled["mine"] + filled["shared"]:
        document = json.loads(archive.read(f"{row._meta.label_lower}.json"))
        ids = {str(record["id"]) for record in document["records"]}
        assert str(row.pk) in ids, f"{row._meta.label_lower} {row.pk} is missing"
        if _marker(row):
            assert _marker(row) in everything
            assert _marker(row) in archive.read("index.html").decode(), "the readable view shows it too"
    for row in filled["private"]:
        document = json.loads(archive.read(f"{row._meta.label_lower}.json"))
        leaked = str(row.pk) in {str(record["id"]) for record in document["records"]}
        assert not leaked, f"another member's private {row._meta.label_lower} leaked"
        if _marker(row):
            assert _marker(row) not in everything, f"another member's private {row._meta.label_lower} leaked"
    assert "sidrem" not in everything

    account = json.loads(archive.read("account.json"))["account"]
    assert account["email"] == filled["sam"].email
    assert "password" not in account
    audit = json.loads(archive.read("audit.auditevent.json"))["records"]
    actors = {event["actor"] for event in audit}
    assert {"Sam", "Sid"} <= actors  # Sam's own events and the trail of their circle
    assert all(
        event["circle"] != str(filled["private"][-1].circle_id) or event["actor"] == "Sam" for event in audit
    )
    assert '"link_token"' not in everything and "p256dh" not in everything

    actions = set(AuditEvent.objects.filter(actor=filled["sam"]).values_list("action", flat=True))
    assert {Action.EXPORT_REQUESTED, Action.EXPORT_DOWNLOADED} <= actions


def test_a_large_account_is_assembled_by_the_worker(
    client, filled, monkeypatch, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from alongside.mydata import services
    from alongside.mydata.models import DataExport, ExportState

    monkeypatch.setattr(services, "EXPORT_INLINE_ROWS", 0)
    client.force_login(filled["sam"])
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("mydata:request_export"), follow=True).content.decode()
    assert "being prepared" in page and "/account/my-data/download/" not in page
    queued = DBTaskResult.objects.get(task_path="alongside.mydata.tasks.assemble")
    data_export = DataExport.objects.get(user=filled["sam"])
    assert data_export.state == ExportState.PREPARING
    from alongside.mydata.tasks import assemble

    assemble.call(*queued.args_kwargs["args"])
    data_export.refresh_from_db()
    assert data_export.state == ExportState.READY
    assert b"MARK" not in data_export.file_path.read_bytes(), "the waiting file is encrypted"
    page = client.get(reverse("mydata:index")).content.decode()
    assert f"/account/my-data/download/{data_export.link_token}/" in page


def test_another_member_cannot_use_my_link(client, filled):
    from alongside.mydata.services import request_export

    data_export = request_export(filled["sam"])
    client.force_login(filled["sid"])
    assert client.get(reverse("mydata:download", args=[data_export.link_token])).status_code == 404


def test_the_published_schema_matches_the_models():
    published = json.loads(SCHEMA_FILE.read_text())
    assert published == json.loads(json.dumps(export_schema())), (
        "docs/export.schema.json is out of date: regenerate it with "
        "`alongside shell -c 'from alongside.mydata.export import write_schema; write_schema()'`"
    )
