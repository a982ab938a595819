"""The host's admin signs in through allauth: a second factor is required, and repeated
failures lock the account, as for every member."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from alongside.accounts.tests.totp import totp_now

pytestmark = pytest.mark.django_db

ADMIN = "/host/admin/"
PASSWORD = "a-long-test-password"


@pytest.fixture
def host(make_user):
    return make_user("Host", is_staff=True, is_superuser=True)


@pytest.fixture
def host_with_totp(host):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(host, secret)
    return host, secret


@pytest.fixture
def locmem_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_the_admin_s_own_password_form_signs_nobody_in(host):
    client = Client()
    page = client.get(ADMIN + "login/")
    assert page.status_code == 302 and page["Location"].startswith(reverse("account_login"))
    posted = client.post(ADMIN + "login/", {"username": host.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert posted.status_code == 302 and posted["Location"].startswith(reverse("account_login"))
    assert client.get(ADMIN).status_code == 302


def test_a_password_alone_does_not_open_the_admin_the_second_factor_does(host_with_totp):
    host, secret = host_with_totp
    client = Client()
    signed = client.post(reverse("account_login"), {"login": host.email, "password": PASSWORD, "next": ADMIN})
    assert signed["Location"].endswith(reverse("mfa_authenticate"))
    assert client.get(ADMIN).status_code == 302  # not yet
    client.post(reverse("mfa_authenticate"), {"code": totp_now(secret)})
    page = client.get(ADMIN)
    assert page.status_code == 200 and "Site administration" in page.content.decode()


def test_a_staff_account_without_a_second_factor_is_asked_to_set_one_up(host):
    client = Client()
    client.post(reverse("account_login"), {"login": host.email, "password": PASSWORD})
    assert "_auth_user_id" in client.session  # signed in to the app, by password
    response = client.get(ADMIN, follow=True)
    assert response.status_code == 403
    assert "two-step verification" in response.content.decode()
    assert client.get(ADMIN + "accounts/user/").status_code == 302


def test_a_session_without_the_second_factor_is_asked_for_it_even_if_the_account_has_one(host_with_totp):
    host, secret = host_with_totp
    client = Client()
    client.force_login(host)  # e.g. signed in before two-step sign-in was turned on
    response = client.get(ADMIN + "login/?next=" + ADMIN)
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert client.get(ADMIN).status_code == 302
    client.post(reverse("mfa_reauthenticate"), {"code": totp_now(secret)})
    assert client.get(ADMIN).status_code == 200


def test_a_member_who_is_not_staff_never_reaches_the_admin(make_user):
    client = Client()
    member = make_user("Ana")
    client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert client.get(ADMIN, follow=True).status_code == 403


def test_repeated_failures_lock_the_admin_account_even_with_the_right_password_and_code(
    host_with_totp, locmem_cache
):
    host, secret = host_with_totp
    client = Client()
    for _ in range(5):
        client.post(
            reverse("account_login"), {"login": host.email, "password": "wrong-password-1", "next": ADMIN}
        )
    locked = client.post(reverse("account_login"), {"login": host.email, "password": PASSWORD, "next": ADMIN})
    assert locked.status_code in (200, 429)
    assert not str(locked.get("Location", "")).endswith(reverse("mfa_authenticate"))
    client.post(reverse("mfa_authenticate"), {"code": totp_now(secret)})
    assert "_auth_user_id" not in client.session
    assert client.get(ADMIN).status_code == 302
    # The admin's own form is no way around the lock-out either.
    client.post(ADMIN + "login/", {"username": host.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
