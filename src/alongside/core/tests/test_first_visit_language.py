"""A first visit to / follows the browser's language; a choice made with the switcher wins."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "header, target",
    [("es-MX,es;q=0.9", "/es/"), ("fr-BE,fr;q=0.8,en;q=0.5", "/fr/"), ("de-DE,es;q=0.5", "/es/")],
)
def test_the_home_page_redirects_to_the_browsers_language(client, header, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302 and response["Location"] == target
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("header", ["en-US,en;q=0.9", "", "de-DE"])
def test_english_or_unknown_browsers_stay_on_the_english_home_page(client, header):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE=header).status_code == 200


def test_a_language_chosen_with_the_switcher_wins_over_the_browser(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="es-MX").status_code == 200
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="es-MX")["Location"] == "/fr/"


def test_a_member_goes_to_their_stored_language(client, make_user):
    client.force_login(make_user("Ana", language="fr"))
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-US")["Location"] == "/fr/"


def test_the_language_switcher_is_at_the_top_of_the_page(client):
    page = client.get("/es/").content.decode()
    header = page.split("<header", 1)[1].split("</header>", 1)[0]
    assert 'id="language-select"' in header and 'id="language-select"' not in page.split("</header>", 1)[1]
