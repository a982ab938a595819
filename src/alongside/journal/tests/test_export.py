"""Export of one's own journal, as CSV and as a printable page."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

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


def test_the_printed_times_are_those_the_date_filter_writes():
    """printing.py writes each entry's time from parts kept per day and per clock time."""
    from django.utils import dateformat, formats, translation
    from django.utils import timezone as tz

    from alongside.journal.printing import _When

    moments = [
        datetime(2026, month, day, hour, minute, second, tzinfo=UTC)
        for month, day, hour, minute, second in (
            (1, 1, 0, 0, 0),
            (3, 29, 0, 30, 5),
            (3, 29, 12, 0, 59),
            (10, 25, 1, 15, 0),
            (12, 31, 23, 59, 1),
            (6, 2, 12, 0, 0),
        )
    ]
    for language in ("en", "es", "fr"):
        with translation.override(language), tz.override("Europe/Madrid"):
            for fmt in (formats.get_format("DATETIME_FORMAT"), r"D jS \o\f F Y, g:i:s A e O T", "r"):
                when = _When(fmt)
                for at in moments * 2:
                    local = tz.localtime(at)
                    assert when(local) == dateformat.format(local, fmt), (language, fmt, at)


# The printed journal covers a period: by default the last twelve weeks, on the circle's clock.
MAY_20 = datetime(2026, 5, 20, 10, 0, tzinfo=UTC)


def _print(client, user, circle, query="", prefix=""):
    client.force_login(user)
    with translation.override("en"):  # a page under /es/ leaves Spanish active in this thread
        path = reverse("journal:export_print", args=[circle.id])
    return client.get(prefix + path + query).content.decode()


@pytest.fixture
def history(c, entry):
    """The supporter's entries over half a year, and the organiser's private one, in Madrid."""
    circle = c["circle"]
    circle.time_zone = "Europe/Madrid"
    circle.save()
    sid = c["supporter"]
    entry(
        "observation", circle, sid, "only_me", observed_at=MAY_20 - timedelta(days=10), notes="ten days ago"
    )
    entry(
        "contact", circle, sid, "supporters", contacted_at=MAY_20 - timedelta(days=30), who="Ana", how="call"
    )
    entry(
        "observation",
        circle,
        sid,
        "supporters",
        observed_at=MAY_20 - timedelta(weeks=13),
        notes="thirteen weeks",
    )
    entry(
        "observation",
        circle,
        sid,
        observed_at=datetime(2026, 5, 1, 21, 30, tzinfo=UTC),
        notes="late on 1 May",
    )
    entry(
        "observation",
        circle,
        sid,
        observed_at=datetime(2026, 5, 1, 22, 30, tzinfo=UTC),
        notes="early on 2 May",
    )
    entry("observation", circle, c["organiser"], "only_me", observed_at=MAY_20, notes="Olive's own")
    return circle


def test_the_print_holds_the_last_twelve_weeks_by_default(c, client, history):
    from alongside.audit.models import AuditEvent

    with time_machine.travel(MAY_20, tick=False):
        page = _print(client, c["supporter"], history)
        just_now = _print(client, c["supporter"], history)  # an entry written a moment ago is in it
    assert "ten days ago" in page and "with Ana" in page and "late on 1 May" in page
    assert "thirteen weeks" not in page and "Olive&#x27;s own" not in page
    assert "From Feb. 25, 2026 to May 20, 2026" in page and "4 entries." in page
    assert 'value="2026-02-25"' in page and 'value="2026-05-20"' in page
    assert '<label for="id_since">From:</label>' in page and '<label for="id_until">To:</label>' in page
    assert "4 entries." in just_now
    event = AuditEvent.objects.filter(extra__export="print").first()
    assert event.extra == {"export": "print", "count": 4, "since": "2026-02-25", "until": "2026-05-20"}


def test_the_days_chosen_are_those_of_the_circle_s_clock(c, client, history):
    page = _print(client, c["supporter"], history, "?since=2026-04-01&until=2026-05-01")
    assert "late on 1 May" in page and "with Ana" in page
    assert "early on 2 May" not in page and "ten days ago" not in page  # 00:30 on 2 May in Madrid
    assert "From April 1, 2026 to May 1, 2026" in page and "2 entries." in page
    only_start = _print(client, c["supporter"], history, "?since=2026-05-02&until=")
    assert "From May 2, 2026 on" in only_start and "early on 2 May" in only_start
    assert "late on 1 May" not in only_start


def test_a_to_day_before_the_from_day_is_explained_and_kept(c, client, history):
    from alongside.audit.models import AuditEvent

    page = _print(client, c["supporter"], history, "?since=2026-05-10&until=2026-05-01")
    assert "The “To” day is before the “From” day." in page
    assert 'value="2026-05-10"' in page and 'value="2026-05-01"' in page
    assert "ten days ago" not in page and "late on 1 May" not in page
    assert not AuditEvent.objects.filter(extra__export="print").exists()


def test_everything_prints_the_old_entries_too_and_never_another_member_s(c, client, history):
    page = _print(client, c["supporter"], history, "?all=1")
    for words in ("ten days ago", "with Ana", "thirteen weeks", "late on 1 May", "early on 2 May"):
        assert words in page
    assert "Everything you wrote" in page and "5 entries." in page
    assert "Olive&#x27;s own" not in page and "Olive's own" not in page
    olive = _print(client, c["organiser"], history, "?all=1")
    assert "Olive&#x27;s own" in olive and "ten days ago" not in olive and "1 entry." in olive


def test_the_print_page_is_translated(c, client, history):
    with time_machine.travel(MAY_20, tick=False):
        es = _print(client, c["supporter"], history, "?since=2026-05-10&until=2026-05-01", prefix="/es")
        fr = _print(client, c["supporter"], history, "?all=1", prefix="/fr")
        fr_default = _print(client, c["supporter"], history, prefix="/fr")
    assert "El día «Hasta» es anterior al día «Desde»." in es and ">Hasta:</label>" in es
    assert "Tout ce que vous avez écrit" in fr and "5 entrées." in fr
    assert "Du 25 février 2026 au 20 mai 2026" in fr_default
