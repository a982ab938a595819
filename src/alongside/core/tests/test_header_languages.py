"""The header and navigation speak the page's language: no English word is left in them on a
Spanish or French page (the badge once read "Recordatorios 11 new")."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

# Words that read the same in every language, or are names.
SHARED = {"alongside", "english", "español", "français", "escape"}  # Escape is the key's name


def header_words(page: str) -> set[str]:
    header = re.search(r"<header\b.*?</header>", page, re.S).group(0)
    header = re.sub(
        r"<option\b.*?</option>", " ", header, flags=re.S
    )  # language names, each in its own tongue
    text = re.sub(r"<[^>]+>", " ", header)
    return {w.lower() for w in re.findall(r"[^\W\d_]+", text)} - SHARED


@pytest.fixture
def member_with_unread_reminders(make_user):
    from alongside.reminders.models import Reminder, ReminderState

    member = make_user("Ana")
    for n in range(11):
        Reminder.objects.create(
            user=member,
            event_type="kit_expiring",
            channel="in_app",
            key=f"k{n}",
            due_at=datetime(2026, 3, 1, tzinfo=UTC),
            next_attempt_at=datetime(2026, 3, 1, tzinfo=UTC),
            state=ReminderState.SENT,
            sent_at=datetime(2026, 3, 1, tzinfo=UTC),
        )
    return member


@pytest.mark.parametrize("language", ["es", "fr"])
@pytest.mark.parametrize("signed_in", [False, True])
def test_no_english_word_is_left_in_the_header_and_navigation(
    client, member_with_unread_reminders, language, signed_in
):
    if signed_in:
        client.force_login(member_with_unread_reminders)
    page_name = "accounts:preferences" if signed_in else "core:home"
    english = header_words(client.get(reverse(page_name), HTTP_ACCEPT_LANGUAGE="en").content.decode())
    if signed_in:
        assert "new" in english  # the badge is there to be checked
    with translation.override(language):
        url = reverse(page_name)
    translated = header_words(client.get(url).content.decode())
    assert not english & translated, f"English left in the {language} header: {sorted(english & translated)}"
