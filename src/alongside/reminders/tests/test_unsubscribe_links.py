from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from alongside.reminders import services
from alongside.reminders.events import Channel, EventType

pytestmark = pytest.mark.django_db

SENT = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def _path(url: str) -> str:
    return url.split("localhost:8000", 1)[1]


def test_an_unsubscribe_link_carries_neither_the_member_nor_the_kind_of_reminder_in_clear(make_user):
    member = make_user("Ana")
    token = services.unsubscribe_token(member, EventType.KIT_EXPIRING)
    padded = token + "=" * (-len(token) % 4)
    decoded = base64.urlsafe_b64decode(padded)
    for secret in (str(member.public_id), member.email, EventType.KIT_EXPIRING.value):
        assert secret not in token
        assert secret.encode() not in decoded
    assert b'{"u": "' not in decoded  # no readable JSON inside: it is encrypted


def test_an_unsubscribe_link_expires(make_user, client):
    member = make_user("Ana")
    with time_machine.travel(SENT, tick=False):
        url = services.unsubscribe_url(member, EventType.KIT_EXPIRING)
    with time_machine.travel(SENT + services.UNSUBSCRIBE_MAX_AGE - timedelta(hours=1), tick=False):
        assert client.get(_path(url)).status_code == 200
    with time_machine.travel(SENT + services.UNSUBSCRIBE_MAX_AGE + timedelta(hours=1), tick=False):
        assert client.get(_path(url)).status_code == 404
        client.post(_path(url))
    assert Channel.EMAIL in services.channels_for(member, EventType.KIT_EXPIRING)


def test_a_tampered_or_foreign_token_is_refused(make_user, client):
    member = make_user("Ana")
    url = services.unsubscribe_url(member, EventType.KIT_EXPIRING)
    token = _path(url).rstrip("/").rsplit("/", 1)[1]
    broken = token[:-5] + ("A" if token[-5] != "A" else "B") + token[-4:]
    assert client.get(_path(url).replace(token, broken)).status_code == 404
    from django.core import signing

    old_style = signing.dumps({"u": member.pk, "e": "kit_expiring"}, salt=services.UNSUBSCRIBE_SALT)
    assert client.get(_path(url).replace(token, old_style)).status_code == 404
