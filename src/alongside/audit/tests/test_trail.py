"""The trail shows each reader only events on records they may see, plus events about
themselves and the circle, in plain translated words."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from alongside.audit.models import Action
from alongside.audit.services import record_event, record_view
from alongside.audit.words import RECORD_NOUNS
from alongside.care.models import Appointment
from alongside.circles.record_services import save_record
from alongside.journal.models import SelfCarePlan
from alongside.notes.models import Note

pytestmark = pytest.mark.django_db

MARCH_3 = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)
MODEL_LABEL = re.compile(r"\b(" + "|".join(re.escape(label) for label in RECORD_NOUNS) + r")\b")


def trail(client, user, c, prefix="") -> str:
    client.force_login(user)
    with translation.override("en"):
        path = reverse("audit:trail", args=[c["circle"].id])
    page = client.get(prefix + path).content.decode()
    return page.split("<h1>", 1)[1]  # the page body, after the circle's header


@pytest.fixture
def c(circle_members):
    """Sid (supporter) keeps a private self-care plan and a note for supporters; Olive
    (organiser) changes an appointment shared with the whole circle, on 3 March."""
    c = circle_members
    with time_machine.travel(MARCH_3, tick=False):
        save_record(
            c["supporter"],
            SelfCarePlan(circle=c["circle"], author=c["supporter"], helps="Swimming"),
            created=True,
        )
        note = Note(circle=c["circle"], author=c["supporter"], visibility="supporters", title="t", body="b")
        save_record(c["supporter"], note, created=True)
        appointment = Appointment(
            circle=c["circle"],
            author=c["organiser"],
            visibility="circle",
            kind="doctor",
            title="Dr",
            starts_at=MARCH_3,
        )
        save_record(c["organiser"], appointment, created=True)
        record_event(c["organiser"], Action.CHANGED, target=appointment)
    c["note"], c["appointment"] = note, appointment
    return c


def test_the_person_does_not_see_events_on_supporters_private_records(client, c):
    page = trail(client, c["person"], c)
    assert "a self-care plan" not in page and "a note" not in page
    assert "Olive changed an appointment on March 3, 2026" in page


def test_the_trail_is_in_plain_words_never_model_labels(client, c):
    for role in ("person", "organiser", "supporter", "professional"):
        page = trail(client, c[role], c)
        assert not MODEL_LABEL.search(page), role
        assert "relapseplan" not in page and "selfcareplan" not in page


def test_a_supporter_sees_their_own_actions_and_what_is_shared_with_them(client, c):
    page = trail(client, c["supporter"], c)
    assert "Sid added a self-care plan on March 3, 2026" in page
    assert "Sid added a note on March 3, 2026" in page
    assert "Olive changed an appointment on March 3, 2026" in page
    private = Note.objects.create(
        circle=c["circle"], author=c["organiser"], visibility="only_me", title="x", body="y"
    )
    record_event(c["organiser"], Action.CREATED, target=private)
    assert trail(client, c["supporter"], c).count("Olive added a note") == 0
    assert "Olive added a note" in trail(client, c["organiser"], c)


def test_the_person_sees_every_read_and_change_of_their_own_records(client, c):
    own = Note.objects.create(
        circle=c["circle"], author=c["person"], visibility="circle", title="Mine", body="b"
    )
    with time_machine.travel(MARCH_3, tick=False):
        record_view(c["supporter"], own)
        record_view(c["professional"], own)  # read while it was shared with them
    own.visibility = "only_me"
    own.save()
    page = trail(client, c["person"], c)
    assert "Sid read a note on March 3, 2026" in page
    assert "Pat read a note on March 3, 2026" in page


def test_professionals_see_nothing_of_what_is_not_shared_with_them(client, c):
    page = trail(client, c["professional"], c)
    assert "an appointment" not in page and "a note" not in page and "a self-care plan" not in page
    shared = Note.objects.create(
        circle=c["circle"], author=c["person"], visibility="professionals", title="x", body="y"
    )
    record_event(c["person"], Action.CREATED, target=shared)
    assert "Sam added a note" in trail(client, c["professional"], c)
    c["circle"].professionals_may_see = False
    c["circle"].save()
    assert "Sam added a note" not in trail(client, c["professional"], c)


def test_the_trail_speaks_the_reader_s_language(client, c):
    page = trail(client, c["person"], c, prefix="/es")
    assert "Olive cambió una cita el" in page
    page = trail(client, c["person"], c, prefix="/fr")
    assert "Olive a modifié un rendez-vous le" in page


def test_a_ride_shows_only_to_those_who_may_read_its_appointment(client, c):
    from alongside.care.models import RideOffer

    private = Appointment.objects.create(
        circle=c["circle"],
        author=c["organiser"],
        visibility="supporters",
        kind="doctor",
        title="Dr",
        starts_at=MARCH_3,
    )
    ride = RideOffer.objects.create(appointment=private, occurrence_start=MARCH_3, driver=c["supporter"])
    record_event(c["supporter"], Action.CREATED, circle=c["circle"], target=ride)
    assert "Sid added a ride" in trail(client, c["organiser"], c)
    assert "Sid added a ride" not in trail(client, c["person"], c)


def test_the_person_still_sees_reads_of_their_own_record_after_deleting_it(client, c):
    from alongside.circles.record_services import delete_record

    own = Note.objects.create(
        circle=c["circle"], author=c["person"], visibility="circle", title="Mine", body="b"
    )
    with time_machine.travel(MARCH_3, tick=False):
        record_view(c["supporter"], own)
    delete_record(c["person"], own)
    assert "Sid read a note on March 3, 2026" in trail(client, c["person"], c)
    assert "Sid read a note" not in trail(client, c["organiser"], c)


def test_a_long_trail_pages_by_fifty_with_newer_and_older_links_and_no_count(client, circle_members):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = circle_members
    for n in range(51):
        note = Note.objects.create(
            circle=c["circle"], author=c["supporter"], visibility="supporters", title=f"n{n}", body="b"
        )
        record_event(c["supporter"], Action.CREATED, target=note)
    client.force_login(c["organiser"])
    url = reverse("audit:trail", args=[c["circle"].id])
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url)
    assert not any("COUNT(" in q["sql"] and "audit_auditevent" in q["sql"] for q in queries.captured_queries)
    assert len(first.context["lines"]) == 50
    body = first.content.decode()
    assert 'href="?page=2">Older</a>' in body and "Newer</a>" not in body
    second = client.get(url + "?page=2")
    assert len(second.context["lines"]) >= 1
    body = second.content.decode()
    assert 'href="?page=1">Newer</a>' in body and "Older</a>" not in body
    # A page past the end, or no number at all, shows the newest page.
    for odd in ("?page=99", "?page=abc"):
        assert len(client.get(url + odd).context["lines"]) == 50


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_each_line_shows_the_time_as_the_template_filters_did_in_the_readers_zone(language):
    from django.template import Context, Template
    from django.utils import timezone

    from alongside.audit.models import AuditEvent
    from alongside.audit.words import describe, trail_lines

    events = [
        AuditEvent(action=Action.CREATED, actor_label="Ana", target_type="notes.note", created_at=at)
        for at in (
            datetime(2026, 3, 5, 23, 30, tzinfo=UTC),  # the next day in Auckland
            datetime(2026, 3, 5, 23, 30, 40, tzinfo=UTC),  # the same minute again
            datetime(2026, 7, 1, 8, 5, tzinfo=UTC),
        )
    ]
    filters = Template("{{ at|date:'Y-m-d\\TH:i:sO' }}|{{ at|time:'TIME_FORMAT' }}")
    with translation.override(language), timezone.override("Pacific/Auckland"):
        lines = trail_lines(events)
        for event, line in zip(events, lines, strict=True):
            assert f"{line['iso']}|{line['time']}" == filters.render(Context({"at": event.created_at}))
            assert line["sentence"] == describe(event)
    assert lines[0]["iso"].startswith("2026-03-06T12:30:00+1300")
