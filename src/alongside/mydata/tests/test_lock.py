"""The app lock and the session's idle expiry, by the clock; and signing out everywhere."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from alongside.mydata.lock import save_device_safety
from alongside.mydata.models import DeviceSafety

pytestmark = pytest.mark.django_db


def _login(user) -> Client:
    """Through the real log-in form, so allauth records the session."""
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "a-long-test-password"}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def test_the_app_locks_after_the_chosen_idle_time_and_the_pin_is_stored_hashed(circle_members):
    supporter, circle = circle_members["supporter"], circle_members["circle"]
    save_device_safety(
        supporter, pin="2468", remove_pin=False, lock_after_minutes=5, sign_out_after_minutes=None
    )
    assert "2468" not in DeviceSafety.objects.get(user=supporter).pin_hash
    page = f"/c/{circle.id}/"
    with time_machine.travel(dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC), tick=False) as clock:
        client = _login(supporter)
        assert client.get(page).status_code == 200
        clock.shift(dt.timedelta(minutes=4))
        assert client.get(page).status_code == 200
        clock.shift(dt.timedelta(minutes=5, seconds=1))
        locked = client.get(page)
        assert locked.status_code == 302 and locked["Location"].startswith(reverse("mydata:unlock"))
        assert client.get(reverse("safety:emergency")).status_code == 200, "the emergency page stays open"
        unlocked = client.post(reverse("mydata:unlock"), {"pin": "2468", "next": page})
        assert unlocked["Location"] == page
        assert client.get(page).status_code == 200


def test_the_session_ends_after_the_chosen_idle_time(circle_members):
    supporter, circle = circle_members["supporter"], circle_members["circle"]
    save_device_safety(
        supporter, pin="", remove_pin=False, lock_after_minutes=None, sign_out_after_minutes=30
    )
    with time_machine.travel(dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC), tick=False) as clock:
        client = _login(supporter)
        assert client.get(f"/c/{circle.id}/").status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        response = client.get(f"/c/{circle.id}/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert client.get(f"/c/{circle.id}/")["Location"].startswith("/accounts/login/")


def test_sign_out_everywhere_ends_every_session_of_mine_and_no_one_elses(circle_members):
    from alongside.audit.models import Action, AuditEvent

    supporter, organiser, circle = (
        circle_members["supporter"],
        circle_members["organiser"],
        circle_members["circle"],
    )
    phone, laptop, someone_else = _login(supporter), _login(supporter), _login(organiser)
    for client in (phone, laptop, someone_else):
        assert client.get(f"/c/{circle.id}/").status_code == 200
    sessions_page = laptop.get(reverse("usersessions_list")).content.decode()
    assert sessions_page.count("<tr") == 3, "a header row and my two sessions"
    phone.post(reverse("mydata:sign_out_everywhere"))
    for client in (phone, laptop):
        assert client.get(f"/c/{circle.id}/").status_code == 302
    assert someone_else.get(f"/c/{circle.id}/").status_code == 200
    assert AuditEvent.objects.filter(actor=supporter, action=Action.SESSIONS_ENDED).exists()


def test_lock_now_without_a_pin_asks_for_one_first(client, circle_members):
    client.force_login(circle_members["supporter"])
    response = client.post(reverse("mydata:lock_now"))
    assert response["Location"] == reverse("mydata:device")


def test_passkeys_can_be_added_as_a_second_factor(client, circle_members):
    client.force_login(circle_members["supporter"])
    page = client.get(reverse("mfa_index")).content.decode()
    assert reverse("mfa_add_webauthn") in page
    device = client.get(reverse("mydata:device")).content.decode()
    assert reverse("mfa_index") in device and reverse("usersessions_list") in device
