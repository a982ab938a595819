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
