"""A member's clock and language: taken at sign-up, shown to confirm, changed in preferences;
zone pickers offer the likely zones first, in words."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from alongside.accounts.models import User
from alongside.core.zones import likely_zones, zone_label

pytestmark = pytest.mark.django_db


def sign_up(client, url, **extra):
    return client.post(
        url,
        {
            "display_name": "Maya",
            "email": "maya@example.org",
            "password1": "a-long-test-password",
            "password2": "a-long-test-password",
            **extra,
        },
    )


def test_signing_up_on_a_spanish_page_without_scripts_stores_spanish_and_the_utc_default(client):
    page = client.get("/es/accounts/signup/").content.decode()
    assert 'name="time_zone"' in page and 'name="language"' in page  # shown to confirm
    assert re.search(r'<option value="es"[^>]*selected', page)
    sign_up(client, "/es/accounts/signup/")
    user = User.objects.get(email="maya@example.org")
    assert (user.language, user.time_zone) == ("es", "UTC")


def test_the_zone_the_browser_gave_is_stored_and_a_made_up_one_is_refused(client):
    response = sign_up(client, reverse("account_signup"), time_zone="Mars/Olympus_Mons", language="en")
    assert response.status_code == 200 and not User.objects.exists()
    sign_up(client, reverse("account_signup"), time_zone="Europe/Paris", language="fr")
    user = User.objects.get(email="maya@example.org")
    assert (user.language, user.time_zone) == ("fr", "Europe/Paris")


def test_preferences_change_the_language_and_the_pages_follow(client, make_user):
    member = make_user("Ana", time_zone="America/Toronto")
    client.force_login(member)
    response = client.post(
        reverse("accounts:preferences"),
        {"display_name": "Ana", "time_zone": "America/Toronto", "language": "fr"},
    )
    assert response["Location"] == "/fr/account/preferences/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    member.refresh_from_db()
    assert member.language == "fr"


def test_the_zone_picker_lists_likely_zones_first_in_words(client, make_user):
    client.force_login(make_user("Ana", time_zone="America/New_York"))
    page = client.get(reverse("accounts:preferences")).content.decode()
    picker = re.search(r'<select name="time_zone".*?</select>', page, re.S).group(0)
    first_group = re.search(r'<optgroup label="Likely time zones">(.*?)</optgroup>', picker, re.S).group(1)
    options = re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', first_group)
    assert options[0] == ("America/New_York", "New York (America)")
    assert ("America/Chicago", "Chicago (America)") in options  # the same country's other zones
    assert options.index(("America/New_York", "New York (America)")) == 0
    assert "Africa/Abidjan" not in first_group


def test_zone_words_and_likely_zones():
    assert zone_label("America/Argentina/Buenos_Aires") == "Buenos Aires (America, Argentina)"
    assert likely_zones("America/Mexico_City", language="es")[0] == "America/Mexico_City"
    assert likely_zones("not/a zone", language="fr")[0] == "Europe/Paris"
