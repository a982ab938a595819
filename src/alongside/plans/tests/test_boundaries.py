from datetime import date, timedelta

import pytest
from django.db import connection
from django.urls import reverse

from alongside.audit.models import AuditEvent
from alongside.plans import content
from alongside.plans.models import Boundary, BoundaryTest

pytestmark = pytest.mark.django_db


def boundary(c, **extra):
    values = dict(
        circle=c["circle"],
        author=c["supporter"],
        visibility="supporters",
        what="No cash, but I pay the bus pass",
        why="Cash goes on drugs",
        consequence="I say no calmly",
    )
    values.update(extra)
    return Boundary.objects.create(**values)


def test_a_supporter_writes_a_boundary_and_it_is_saved_encrypted_and_audited(circle_members, client):
    c = circle_members
    client.force_login(c["supporter"])
    response = client.post(
        reverse("plans:boundary_create", args=[c["circle"].id]),
        {
            "what": "No drug use in our home",
            "why": "Our home must feel safe",
            "consequence": "I ask them to leave for the night",
            "held_by": "Mum and Dad",
            "status": "proposed",
            "visibility": "supporters",
        },
    )
    item = Boundary.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/boundaries/{item.id}/")
    assert item.author == c["supporter"] and item.what == "No drug use in our home"
    with connection.cursor() as cursor:
        cursor.execute("SELECT what FROM plans_boundary")
        assert cursor.fetchone()[0].startswith("fernet:")
    event = AuditEvent.objects.get(target_id=str(item.id), action="created")
    assert "drug" not in str(event.extra)


def test_a_boundary_without_its_reason_is_refused_with_a_clear_message_and_nothing_lost(
    circle_members, client
):
    c = circle_members
    client.force_login(c["organiser"])
    response = client.post(
        reverse("plans:boundary_create", args=[c["circle"].id]),
        {
            "what": "Home by midnight or the door is locked",
            "why": "",
            "consequence": "",
            "status": "proposed",
            "visibility": "supporters",
        },
    )
    assert response.status_code == 200 and not Boundary.objects.exists()
    text = response.content.decode()
    assert "Home by midnight or the door is locked" in text
    assert "Write why this matters to you" in text and "Write what follows if it is crossed" in text
    assert "What you wrote is still here" in text


def test_the_boundary_form_links_the_guide_and_the_library_articles(circle_members, client):
    c = circle_members
    client.force_login(c["supporter"])
    text = client.get(reverse("plans:boundary_create", args=[c["circle"].id])).content.decode()
    assert reverse("plans:guide", args=[c["circle"].id]) in text
    assert reverse("library:article", args=["enabling-or-supporting"]) in text
    assert reverse("library:article", args=["boundaries"]) in text


def test_a_reader_logs_a_test_and_the_log_shows_on_the_boundary(circle_members, client):
    c = circle_members
    item = boundary(c)
    client.force_login(c["organiser"])
    url = reverse("plans:boundary_test", args=[c["circle"].id, item.id])
    response = client.post(
        url, {"happened_on": "2026-01-10", "what_happened": "Asked for 20 in cash", "followed_through": "yes"}
    )
    assert response.status_code == 302
    entry = BoundaryTest.objects.get()
    assert entry.recorded_by == c["organiser"] and entry.happened_on == date(2026, 1, 10)
    page = client.get(reverse("plans:boundary_detail", args=[c["circle"].id, item.id])).content.decode()
    assert "Asked for 20 in cash" in page and "Yes, I followed through" in page


def test_a_test_dated_in_the_future_or_missing_its_answer_is_refused_and_kept(circle_members, client):
    c = circle_members
    item = boundary(c)
    client.force_login(c["supporter"])
    future = (date.today() + timedelta(days=3)).isoformat()
    response = client.post(
        reverse("plans:boundary_test", args=[c["circle"].id, item.id]),
        {"happened_on": future, "what_happened": "Came home at two", "followed_through": ""},
    )
    assert response.status_code == 200 and not BoundaryTest.objects.exists()
    text = response.content.decode()
    assert "This day has not happened yet" in text and "Say whether the consequence followed" in text
    assert "Came home at two" in text


def test_a_private_boundary_is_404_for_everyone_but_its_author(circle_members, client):
    c = circle_members
    item = boundary(c, visibility="only_me")
    url = reverse("plans:boundary_detail", args=[c["circle"].id, item.id])
    for role in ("organiser", "person", "professional", "outsider"):
        client.force_login(c[role])
        assert client.get(url).status_code == 404, role
        assert (
            "No cash" not in client.get(reverse("plans:boundaries", args=[c["circle"].id])).content.decode()
        )
    client.force_login(c["supporter"])
    assert client.get(url).status_code == 200


def test_only_the_author_changes_or_deletes_a_boundary(circle_members, client):
    c = circle_members
    item = boundary(c)
    client.force_login(c["organiser"])
    assert client.post(reverse("plans:boundary_edit", args=[c["circle"].id, item.id]), {}).status_code == 404
    client.force_login(c["supporter"])
    response = client.post(
        reverse("plans:boundary_edit", args=[c["circle"].id, item.id]),
        {
            "what": item.what,
            "why": item.why,
            "consequence": item.consequence,
            "status": "agreed",
            "visibility": "circle",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "agreed" and item.visibility == "circle"
    client.post(reverse("plans:boundary_delete", args=[c["circle"].id, item.id]))
    assert not Boundary.objects.exists()


def test_the_guide_has_at_least_fifteen_situations_in_every_language_with_the_same_keys():
    keys = None
    for language in ("en", "es", "fr"):
        guide = content.load(language)
        assert len(guide.situations) >= 15
        for row in guide.situations:
            assert row.situation and row.why and row.better, (language, row.key)
            assert row.verdict in content.VERDICTS
        these = [row.key for row in guide.situations]
        assert len(set(these)) == len(these)
        keys = keys or these
        assert these == keys, language
        assert guide.sources and guide.reviewed


def test_the_guide_page_shows_the_situations_in_the_reader_s_language(circle_members, client):
    c = circle_members
    client.force_login(c["supporter"])
    text = client.get(reverse("plans:guide", args=[c["circle"].id])).content.decode()
    assert "Giving cash when they ask" in text and "A better option" in text
    text = client.get(f"/es/c/{c['circle'].id}/plans/enabling-or-supporting/").content.decode()
    assert "Darle dinero en efectivo cuando lo pide" in text
    text = client.get(f"/fr/c/{c['circle'].id}/plans/enabling-or-supporting/").content.decode()
    assert "Donner de l&#x27;argent liquide" in text or "Donner de l'argent liquide" in text


def test_the_system_check_finds_the_guide_sound():
    from alongside.plans.checks import guide_is_sound

    assert guide_is_sound() == []
