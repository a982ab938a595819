"""The account pages (allauth in the product's templates) on a 390 px phone in English,
Spanish and French: plain words, no horizontal scroll, axe clean, the authenticator's QR
code drawn inline on the server. Screenshots go to ALONGSIDE_SCREENSHOT_DIR when it is set."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from alongside.accounts.tests.totp import totp_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADINGS = {
    "en": {
        "login": "Log in",
        "signup": "Create an account",
        "reset": "Forgot your password?",
        "email": "Your e-mail addresses",
        "password": "Change your password",
        "mfa": "Two-step sign-in",
        "activate": "Turn on two-step sign-in",
        "codes": "Recovery codes",
        "authenticate": "Type the code from your app",
        "reauthenticate": "Confirm it is you",
    },
    "es": {
        "login": "Iniciar sesión",
        "signup": "Crear una cuenta",
        "reset": "¿Olvidó su contraseña?",
        "email": "Sus direcciones de correo",
        "password": "Cambiar su contraseña",
        "mfa": "Inicio de sesión en dos pasos",
        "activate": "Activar el inicio de sesión en dos pasos",
        "codes": "Códigos de recuperación",
        "authenticate": "Escriba el código de su aplicación",
        "reauthenticate": "Confirme que es usted",
    },
    "fr": {
        "login": "Connexion",
        "signup": "Créer un compte",
        "reset": "Mot de passe oublié ?",
        "email": "Vos adresses e-mail",
        "password": "Changer votre mot de passe",
        "mfa": "Connexion en deux étapes",
        "activate": "Activer la connexion en deux étapes",
        "codes": "Codes de secours",
        "authenticate": "Saisissez le code de votre application",
        "reauthenticate": "Confirmez que c'est bien vous",
    },
}
WORDS_WE_AVOID = ("Authenticator App", "input the verification code", "Two-Factor", "TOTP")


def check_page(page, axe_check, lang: str, name: str, heading: str) -> None:
    assert page.locator("h1").inner_text().strip() == heading, f"{name} ({lang})"
    assert page.locator("html").get_attribute("lang") == lang
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{name} ({lang}) scrolls sideways: {widths}"
    text = page.locator("main").inner_text()
    for words in WORDS_WE_AVOID:
        assert words not in text, f"{name} ({lang}) says {words!r}"
    axe_check(page, f"{name} ({lang})")
    folder = os.environ.get("ALONGSIDE_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{lang}-{name}.png"), full_page=True)


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_the_account_pages_read_plainly_and_fit_a_phone(page, axe_check, make_user, lang):
    words = HEADINGS[lang]
    prefix = "" if lang == "en" else f"/{lang}"
    for name, url in (
        ("login", "/accounts/login/"),
        ("signup", "/accounts/signup/"),
        ("reset", "/accounts/password/reset/"),
    ):
        page.goto(prefix + url)
        check_page(page, axe_check, lang, name, words[name])

    from allauth.account.models import EmailAddress

    user = make_user(f"Maya{lang}")
    # Two-step sign-in needs a confirmed address.
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    page.goto(prefix + "/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", "a-long-test-password")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/circles/"))
    for name, url in (
        ("email", "/accounts/email/"),
        ("password", "/accounts/password/change/"),
        ("mfa", "/accounts/2fa/"),
    ):
        page.goto(prefix + url)
        check_page(page, axe_check, lang, name, words[name])

    page.click("main a[href$='/totp/activate/']")
    page.wait_for_url(re.compile(r"/accounts/reauthenticate/"))
    check_page(page, axe_check, lang, "reauthenticate", words["reauthenticate"])
    page.fill("#id_password", "a-long-test-password")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/totp/activate/"))
    check_page(page, axe_check, lang, "activate", words["activate"])
    qr = page.locator("figure.qr-code svg")
    assert qr.count() == 1 and qr.locator("path").count() == 1  # drawn inline, no <img>, nothing fetched
    assert page.locator("main img").count() == 0
    page.click("details summary")
    secret = page.input_value("#authenticator-secret")
    page.fill("#id_code", totp_now(secret))
    page.click("main form[action*='/totp/activate/'] button[type=submit]")
    page.wait_for_load_state()

    page.goto(prefix + "/accounts/2fa/recovery-codes/")
    check_page(page, axe_check, lang, "codes", words["codes"])
    assert page.locator(".recovery-codes li").count() > 0

    page.click("header form[action*='/logout/'] button[type=submit]")
    page.wait_for_load_state()
    page.goto(prefix + "/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", "a-long-test-password")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    check_page(page, axe_check, lang, "authenticate", words["authenticate"])
