"""Export of one's own journal, as CSV and as a printable page."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_csv_holds_only_the_member_s_own_entries_in_the_circle_s_time(c, client, entry):
    circle = c["circle"]
    circle.time_zone = "Europe/Madrid"
    circle.save()
    entry(
        "observation",
        circle,
        c["supporter"],
        "only_me",
        observed_at=datetime(2026, 1, 5, 22, 30, tzinfo=UTC),
        signs=["things_missing", "mood_swings"],
        money_missing=Decimal("40.00"),
        notes="=SUM(A1)",
        worry=2,
    )
    entry(
        "contact",
        circle,
        c["supporter"],
        "supporters",
        contacted_at=datetime(2026, 1, 6, 9, 0, tzinfo=UTC),
        how="call",
        mood="okay",
        place="at the café",
    )
    entry("observation", circle, c["organiser"], "supporters", notes="not mine")
    client.force_login(c["supporter"])
    response = client.get(reverse("journal:export_csv", args=[circle.id]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["kind"] for r in rows] == ["observation", "contact"]
    first, second = rows
    assert first["when"] == "2026-01-05 23:30"
    assert first["signs"] == "Sudden mood swings; Money or belongings missing at home"
    assert first["money_missing"] == "40.00" and first["worry"] == "Quite worried"
    assert first["notes"] == "'=SUM(A1)"  # never run as a formula
    assert second["contact_how"] == "A call" and second["where"] == "at the café"
    assert "not mine" not in response.content.decode()


def test_the_printable_page_lists_the_member_s_own_entries(c, client, entry):
    circle = c["circle"]
    entry("observation", circle, c["supporter"], "only_me", notes="my own words", signs=["odd_sleep"])
    entry("observation", circle, c["organiser"], "supporters", notes="someone else")
    client.force_login(c["supporter"])
    page = client.get(reverse("journal:export_print", args=[circle.id])).content.decode()
    assert "my own words" in page and "Sleeping at odd times" in page and "someone else" not in page
    assert reverse("journal:export_csv", args=[circle.id]) in page


def test_an_export_is_in_the_audit_trail_without_content(c, client, entry):
    from alongside.audit.models import AuditEvent

    entry("observation", c["circle"], c["supporter"], notes="private")
    client.force_login(c["supporter"])
    client.get(reverse("journal:export_csv", args=[c["circle"].id]))
    event = AuditEvent.objects.get(extra__export="csv")
    assert event.extra == {"export": "csv", "count": 1}


def test_the_printed_entries_say_what_the_timeline_templates_say_escaped_the_same_way(c, entry):
    """journal/printing.py writes each printed entry in Python (a journal can hold thousands);
    its lines must stay those of journal/_kind.html and journal/_entry_summary.html."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from alongside.journal.printing import _labels_now, _summary, entry_list

    circle = c["circle"]
    entries = [
        entry("observation", circle, c["supporter"], "only_me", signs=["odd_sleep", "mood_swings"], worry=0),
        entry("observation", circle, c["supporter"], is_incident=True, money_missing=Decimal("1234.50")),
        entry("observation", circle, c["supporter"], items_missing="<b>ring</b> & 'watch'", notes="<i>x</i>"),
        entry("contact", circle, c["supporter"], how="call", mood="low", who="Ana <& 'Bo'>", place="<park>"),
        entry("contact", circle, c["supporter"], "circle", how="message"),
    ]
    for language in ("en", "es", "fr"):
        with translation.override(language):
            for e in entries:
                summary = render_to_string("journal/_entry_summary.html", {"entry": e}).strip()
                assert _summary(e, _labels_now()) == summary
                kind = render_to_string("journal/_kind.html", {"kind": e.kind})
                listed = entry_list([e])
                assert kind in listed and summary in listed
                assert e.get_visibility_display() in listed
            listed = entry_list(entries)
    assert "&lt;b&gt;ring&lt;/b&gt; &amp; &#x27;watch&#x27;" in listed and "&lt;i&gt;x&lt;/i&gt;" in listed
    assert "&lt;park&gt;" in listed and "<b>" not in listed and "<i>" not in listed
