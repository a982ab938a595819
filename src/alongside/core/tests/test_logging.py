"""One log line per request, with nothing a member typed or searched for; JSON lines on request;
a full or read-only database answers a calm, translated 503 page and is logged."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from alongside.core.logs import JsonFormatter
from alongside.notes.models import Note

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Rent money for Tuesday"
SECRET_BODY = "The spare key is under the blue pot"


def everything_logged(caplog) -> str:
    """The records as text and as the JSON lines a host would collect, exceptions included."""
    formatter = JsonFormatter()
    return caplog.text + "\n".join(formatter.format(record) for record in caplog.records)


def test_saving_a_note_logs_one_request_line_and_none_of_its_text(client, circle_members, caplog):
    caplog.set_level(logging.DEBUG)
    c = circle_members
    client.force_login(c["supporter"])
    response = client.post(
        reverse("notes:create", args=[c["circle"].id]),
        {"title": SECRET_TITLE, "body": SECRET_BODY, "visibility": "circle"},
    )
    assert response.status_code == 302 and Note.objects.count() == 1

    lines = [r for r in caplog.records if r.name == "alongside.request"]
    assert len(lines) == 1
    line = lines[0]
    assert (line.method, line.route, line.status) == ("POST", "notes:create", 302)
    assert line.ms >= 0 and line.request_id == response["X-Request-ID"]
    logged = everything_logged(caplog)
    for words in ("Rent money", "blue pot", str(c["circle"].id), c["supporter"].email):
        assert words not in logged


def test_a_search_is_logged_without_its_query_string(client, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.get(reverse("library:search"), {"q": "naloxone for my brother"})
    assert response.status_code == 200
    assert "GET library:search 200" in caplog.text
    assert "brother" not in everything_logged(caplog)


def test_a_request_id_from_the_proxy_is_kept_and_a_strange_one_replaced(client):
    assert client.get("/robots.txt", HTTP_X_REQUEST_ID="abc-123")["X-Request-ID"] == "abc-123"
    replaced = client.get("/robots.txt", HTTP_X_REQUEST_ID="<script>alert(1)</script>")["X-Request-ID"]
    assert replaced != "<script>alert(1)</script>" and replaced.isalnum()


def test_a_page_that_does_not_exist_logs_no_route(client, caplog):
    caplog.set_level(logging.INFO)
    client.get("/c/00000000-0000-0000-0000-000000000000/no-such-page/?email=ana@example.org")
    assert "GET - 404" in caplog.text and "ana@example.org" not in everything_logged(caplog)


def test_alongside_log_format_json_writes_one_json_object_per_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(ALONGSIDE_LOG_FORMAT="json", ALONGSIDE_DATA_DIR=str(tmp_path))
    probe = "from django.test import Client; Client().get('/robots.txt?q=private')"
    result = subprocess.run(
        [sys.executable, "-m", "alongside.cli", "shell", "-c", probe],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    entries = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    (request,) = [e for e in entries if e["logger"] == "alongside.request"]
    assert request["method"] == "GET" and request["route"] == "robots" and request["status"] == 200
    assert {"time", "level", "message", "ms", "request_id"} <= request.keys()
    assert "private" not in result.stderr


@pytest.mark.parametrize("database_that_cannot_write", ["full", "read-only"], indirect=True)
def test_a_full_or_read_only_database_answers_a_calm_translated_503_and_is_logged(
    circle_members, database_that_cannot_write, caplog
):
    c = circle_members
    client = Client(raise_request_exception=False)
    client.force_login(c["supporter"])
    caplog.set_level(logging.INFO)
    database_that_cannot_write()
    response = client.post(
        reverse("notes:create", args=[c["circle"].id]).replace("/c/", "/es/c/", 1) + "?from=grandmas-house",
        {"title": SECRET_TITLE, "body": (SECRET_BODY + ". ") * 130, "visibility": "circle"},
    )
    page = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"]
    assert "Alongside no puede guardar ahora" in page and 'lang="es"' in page
    assert 'id="quick-exit"' in page and 'href="/es/emergency/"' in page  # what every page has
    assert "Traceback" not in page and "OperationalError" not in page
    assert "The database cannot store anything" in caplog.text
    assert "blue pot" not in everything_logged(caplog) and "grandmas-house" not in everything_logged(caplog)


@pytest.mark.parametrize("database_that_cannot_write", ["full", "read-only"], indirect=True)
def test_quick_exit_leaves_and_drops_the_session_cookie_when_the_database_cannot_write(
    circle_members, database_that_cannot_write
):
    from django.conf import settings

    client = Client(raise_request_exception=False)
    client.force_login(circle_members["supporter"])
    database_that_cannot_write()
    response = client.get(reverse("quick-exit"))
    assert response.status_code == 302 and response["Location"] == reverse("neutral-page")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value == "" and cookie["max-age"] == 0  # this browser is signed out


def test_an_import_logs_its_summary(caplog):
    from alongside.directory.importers import import_files, parse_mapping

    caplog.set_level(logging.INFO)
    rows = "Site ID,Programme,Town,Prov,Postal\non-1,Harbour Clinic,Toronto,ON,M5V 3L9\non-2,No Place,Nowhere,ON,\n"
    mapping = parse_mapping("id=Site ID,name=Programme,city=Town,region=Prov,postal_code=Postal")
    import_files([("list.csv", rows.encode())], mapping=mapping, country="CA", source_label="A local list")
    (summary,) = [r for r in caplog.records if r.name == "alongside.import"]
    assert "A local list: 1 added, 0 updated, 0 unchanged, 0 removed, 1 rejected" in summary.getMessage()
    assert (summary.added, summary.rejected) == (1, 1)
