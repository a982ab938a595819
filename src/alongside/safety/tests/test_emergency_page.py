import gzip

import pytest
import yaml

from alongside.safety import content

pytestmark = pytest.mark.django_db


def test_the_page_and_what_it_needs_fit_in_one_round_trip(client):
    total = 0
    for url in ("/emergency/", "/static/safety/emergency.css", "/static/safety/emergency.js"):
        response = client.get(url)
        body = (
            b"".join(response.streaming_content)
            if getattr(response, "streaming", False)
            else response.content
        )
        total += len(gzip.compress(body, 9))
    assert total <= 14_336


def test_it_needs_no_log_in_and_links_nothing_on_another_host(client):
    body = client.get("/emergency/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert 'href="tel:911"' in body
    for attribute in ('src="http', 'href="http'):
        # Only the source list links out (as plain links the reader may follow), never a resource.
        for line in body.splitlines():
            if attribute in line:
                assert "<a " in line and 'rel="noreferrer"' in line, line


@pytest.mark.parametrize(
    "header, expected", [("es-MX,es;q=0.9", "MX"), ("en-GB", "GB"), ("fr-CA", "CA"), ("fr", None)]
)
def test_the_country_comes_from_the_browser_language_when_none_was_chosen(header, expected):
    assert content.country_from_accept_language(header) == expected


def test_a_chosen_country_sets_the_call_button_and_the_good_samaritan_line(client):
    body = client.get("/emergency/?country=CA").content.decode()
    assert 'href="tel:911"' in body and "Good Samaritan Drug Overdose Act" in body
    assert client.cookies["alongside_country"].value == "CA"
    uk = client.get("/emergency/?country=GB").content.decode()
    assert 'href="tel:999"' in uk and "(112)" in uk


def test_every_country_has_a_number_a_source_and_a_name_in_each_language():
    raw = yaml.safe_load((content.CONTENT_DIR / "countries.yaml").read_text())
    codes = {c["code"] for c in raw["countries"]}
    assert {"US", "CA", "MX", "GB", "IE", "ES", "FR", "AU", "NZ", "EU"} <= codes
    for country in raw["countries"]:
        assert country["number"].isdigit() and country["source"].startswith("https://")
        assert set(country["names"]) == {"en", "es", "fr"}


def test_the_three_languages_have_the_same_sections_and_at_least_two_sources():
    shapes = []
    for language in content.LANGUAGES:
        text = content.page_text(language)
        assert len(text["sources"]) >= 2 and text["reviewed"]
        shapes.append((sorted(text), len(text["signs"]), len(text["steps"]), len(text["myths"])))
    assert shapes[0] == shapes[1] == shapes[2]


def test_the_service_worker_caches_the_page_and_its_files_for_its_language(client):
    worker = client.get("/fr/emergency/sw.js")
    assert worker["Content-Type"].startswith("application/javascript")
    text = worker.content.decode()
    assert '"/fr/emergency/"' in text and "/static/safety/emergency.css" in text
    manifest = client.get("/fr/emergency/manifest.webmanifest").json()
    assert manifest["start_url"] == "/fr/emergency/" and manifest["display"] == "standalone"


@pytest.mark.parametrize(
    "path, header, words",
    [
        ("/fr/emergency/", "fr-BE,fr;q=0.9", "Appelez maintenant le numéro d'urgence de votre pays"),
        ("/fr/emergency/", "fr-CH", "Appelez maintenant le numéro d'urgence de votre pays"),
        ("/fr/emergency/", "fr", "Appelez maintenant le numéro d'urgence de votre pays"),
        ("/es/emergency/", "es-CO", "Llame ahora al número de emergencias de su país"),
        ("/emergency/", "en-IN", "Call your local emergency number now"),
        ("/emergency/", "en-ZA", "Call your local emergency number now"),
    ],
)
def test_a_country_the_page_does_not_know_gets_no_wrong_number(client, path, header, words):
    import html
    import re

    body = client.get(path, HTTP_ACCEPT_LANGUAGE=header).content.decode()
    call = re.search(r'<a class="call" id="call-link"[^>]*>(.*?)</a>', body).group(0)
    assert "href=" not in call and words.replace("'", "&#x27;") in call.replace("'", "&#x27;")
    assert not re.search(
        r"\d", html.unescape(re.sub(r"<[^>]+>", "", call))
    )  # no number in the call button at all
    assert 'href="tel:' not in body
    assert "112" in body.split('id="unknown-country"', 1)[1].split("</p>", 1)[0]  # the 112-from-mobiles note
    options = re.findall(r'<option value="([^"]*)"', body)
    assert options[0] == "" and {"US", "CA", "MX", "GB", "IE", "ES", "FR", "AU", "NZ", "EU"} <= set(options)
    assert re.search(r'<option value="" selected>', body)


def test_belgium_shows_no_wrong_number_even_when_asked_for_by_its_code(client):
    body = client.get("/fr/emergency/?country=BE").content.decode()
    assert 'href="tel:' not in body and "Appelez le 15" not in body
    assert "alongside_country" not in client.cookies
