"""Discreet mode neutralises what a glance at a circle page shows; the emergency page stays one tap away."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

WORDS = re.compile(r"overdose|opioid|naloxone|heroin|sobredosis|naloxona|opioïde", re.IGNORECASE)


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style|textarea)\b.*?</\1>", " ", html, flags=re.S | re.I)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("prefix", ["", "/es", "/fr"])
def test_discreet_mode_hides_the_words_on_circle_pages_but_keeps_the_emergency_link(
    client, circle_members, prefix
):
    from alongside.notes.models import Note

    supporter, circle = circle_members["supporter"], circle_members["circle"]
    Note.objects.create(
        circle=circle,
        author=supporter,
        visibility="supporters",
        title="Naloxone in the kitchen",
        body="after the overdose",
    )
    client.force_login(supporter)
    pages = [f"/c/{circle.id}/", f"/c/{circle.id}/safety/kits/", f"/c/{circle.id}/notes/"]
    plain = client.get(prefix + pages[1]).content.decode()
    assert WORDS.search(_visible_text(plain)), "the page speaks plainly without discreet mode"

    supporter.discreet_mode = True
    supporter.save()
    for path in pages:
        html = client.get(prefix + path).content.decode()
        assert not WORDS.search(_visible_text(html)), f"{prefix}{path}: {WORDS.search(_visible_text(html))}"
        assert 'class="emergency-link discreet"' in html and reverse("safety:emergency").strip("/") in html
        assert "Overdose? What to do now" not in html


def test_discreet_mode_never_changes_what_a_form_sends_back(client, circle_members):
    from alongside.notes.models import Note

    supporter, circle = circle_members["supporter"], circle_members["circle"]
    supporter.discreet_mode = True
    supporter.save()
    note = Note.objects.create(
        circle=circle, author=supporter, visibility="supporters", title="naloxone", body="overdose plan"
    )
    client.force_login(supporter)
    html = client.get(f"/c/{circle.id}/notes/{note.pk}/edit/").content.decode()
    assert 'value="naloxone"' in html and "overdose plan</textarea>" in html


def test_the_emergency_page_keeps_its_words_in_discreet_mode(client, circle_members):
    supporter = circle_members["supporter"]
    supporter.discreet_mode = True
    supporter.save()
    client.force_login(supporter)
    assert WORDS.search(client.get(reverse("safety:emergency")).content.decode())
