import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from alongside.accounts.tests.totp import totp_now

pytestmark = pytest.mark.django_db


def test_signing_up_asks_for_a_display_name_and_logs_the_member_in(client):
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Maya",
            "email": "maya@example.org",
            "password1": "a-long-test-password",
            "password2": "a-long-test-password",
        },
    )
    assert response.status_code == 302
    from alongside.accounts.models import User

    user = User.objects.get(email="maya@example.org")
    assert user.display_name == "Maya" and str(user) == "Maya"
    assert client.get(reverse("accounts:preferences")).status_code == 200


def test_a_sign_up_that_fails_validation_keeps_what_was_typed(client):
    response = client.post(
        reverse("account_signup"),
        {"display_name": "Maya", "email": "maya@example.org", "password1": "short", "password2": "short"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="Maya"' in body and 'value="maya@example.org"' in body


def test_passwords_are_hashed_with_argon2_in_the_real_settings():
    from django.conf import settings

    from alongside import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.AUTH_USER_MODEL == "accounts.User"


def test_with_two_step_sign_in_a_password_alone_is_not_enough(make_user):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = make_user("Ana")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "a-long-test-password"}
    )
    assert response.status_code == 302 and response["Location"].endswith(reverse("mfa_authenticate"))
    assert client.get(reverse("accounts:preferences")).status_code == 302  # not signed in yet
    wrong = client.post(
        reverse("mfa_authenticate"), {"code": "000000" if totp_now(secret) != "000000" else "111111"}
    )
    assert wrong.status_code == 200
    right = client.post(reverse("mfa_authenticate"), {"code": totp_now(secret)})
    assert right.status_code == 302
    assert client.get(reverse("accounts:preferences")).status_code == 200


def test_recovery_codes_can_be_generated_once_two_step_sign_in_is_on(make_user, client):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = make_user("Ana")
    TOTP.activate(user, generate_totp_secret())
    codes = RecoveryCodes.activate(user).get_unused_codes()
    assert len(codes) >= 10


def test_repeated_failed_log_ins_lock_the_account_for_a_while(make_user, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    user = make_user("Ana")
    client = Client()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password-1"})
    locked = client.post(reverse("account_login"), {"login": user.email, "password": "a-long-test-password"})
    assert locked.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_working_link(make_user, client):
    user = make_user("Ana")
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(action, {"password1": "another-long-password", "password2": "another-long-password"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-long-password")


def test_a_host_can_make_e_mail_verification_mandatory():
    import os
    import subprocess
    import sys

    env = {**os.environ, "ALONGSIDE_PROFILE": "production", "ALLOWED_HOSTS": "x.example.org"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from alongside import settings as s; print(s.ACCOUNT_EMAIL_VERIFICATION, s.DEBUG)",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == ["mandatory", "False"]


def test_discreet_mode_shows_a_neutral_tab_title(make_user, client):
    user = make_user("Ana")
    client.force_login(user)
    assert "Alongside" in re.search(
        r"<title>(.*?)</title>", client.get("/account/preferences/").content.decode()
    ).group(1)
    client.post(
        reverse("accounts:preferences"), {"display_name": "Ana", "time_zone": "UTC", "discreet_mode": "on"}
    )
    title = re.search(r"<title>(.*?)</title>", client.get("/account/preferences/").content.decode()).group(1)
    assert "Alongside" not in title and title.strip() == "Notes"
