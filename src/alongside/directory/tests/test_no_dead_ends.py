"""A search that finds nothing nearby is never a dead end: it says so and offers the country's
national locators and checked helplines (issue 17, item 8)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.directory import helplines
from alongside.directory.demo import REAL_SAMPLE, load_sample_facilities
from alongside.directory.importers import import_files
from alongside.meetings import demo as meetings_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample_data():
    """What a new install has: the made-up facilities, the real Charlottesville rows, the sample meetings."""
    load_sample_facilities()
    import_files(
        [(REAL_SAMPLE.name, REAL_SAMPLE.read_bytes())], fmt="locator", source_key="findtreatment-sample"
    )
    meetings_demo.add_demo()


def test_new_york_finds_no_facility_and_offers_findtreatment_988_and_samhsa(client, sample_data):
    response = client.get(reverse("directory:treatment"), {"q": "10001", "radius": "25"})
    html = response.content.decode()
    assert response.context["count"] == 0
    assert "Nothing matches within this distance" in html
    assert "Other ways to find help in United States" in html
    assert 'href="https://findtreatment.gov/"' in html
    assert 'href="tel:988"' in html and 'href="tel:18006624357"' in html
    assert "Hope for Wellness" not in html  # Canada's lines are not offered for New York


def test_a_search_with_results_offers_no_fallback(client, sample_data):
    html = client.get(reverse("directory:treatment"), {"q": "22902", "radius": "25"}).content.decode()
    assert "Other ways to find help" not in html


def test_a_canadian_place_with_nothing_near_offers_the_provincial_lines(client):
    html = client.get(reverse("directory:treatment"), {"q": "M5V", "radius": "25"}).content.decode()
    assert "Other ways to find help in Canada" in html
    assert "ConnexOntario" in html and 'href="tel:18665312600"' in html
    assert "Drogue : aide et référence" in html and "(Québec)" in html
    assert "findtreatment.gov" not in html  # a US locator is no use in Toronto


def test_a_place_we_cannot_find_still_offers_the_helplines_of_the_visitor_s_country(client):
    html = client.get(
        reverse("directory:treatment"), {"q": "Nowhere at all, ZZ"}, HTTP_ACCEPT_LANGUAGE="en-CA"
    ).content.decode()
    assert "We could not find that place" in html
    assert "Other ways to find help in Canada" in html


def test_the_fallback_is_in_the_reader_s_language(client, sample_data):
    html = client.get("/es/help/treatment/", {"q": "10001", "radius": "25"}).content.decode()
    assert "Otras formas de encontrar ayuda en Estados Unidos" in html
    html = client.get("/fr/help/treatment/", {"q": "10001", "radius": "25"}).content.decode()
    assert "Autres façons de trouver de l’aide : États-Unis" in html


def test_a_meeting_search_near_new_york_offers_the_same_way_on(client, sample_data):
    response = client.get(
        reverse("meetings:index"), {"place": "10001", "miles": "5", "attendance": "in_person"}
    )
    html = response.content.decode()
    assert "No meetings match these choices" in html
    assert "Other ways to find help in United States" in html and 'href="https://findtreatment.gov/"' in html


def test_meetings_found_offer_no_fallback(client, sample_data):
    html = client.get(reverse("meetings:index"), {"attendance": "online"}).content.decode()
    assert "Other ways to find help" not in html


# --- The helplines page -------------------------------------------------------------------------


def _checked_rows_of_the_data_notes() -> set[str]:
    """The numbers DATA.md marks checked (copied here so a row dropped from the data file fails)."""
    return {
        "18006624357",
        "988",
        "18552423310",
        "18006686868",
        "18004843731",
        "18886886677",
        "18665312600",
        "18002652626",
        "18553784373",
        "116123",
        "1800459459",
        "1800250015",
        "1300368186",
        "0800787797",
        "3114",
    }


def test_every_checked_row_of_the_data_notes_is_listed():
    assert _checked_rows_of_the_data_notes() <= {line.tel for line in helplines.load()}


def test_every_listed_country_has_a_translated_name():
    assert set(helplines.countries()) <= set(helplines.COUNTRY_NAMES)


def test_the_country_menu_shows_names_not_codes(client):
    html = client.get(reverse("directory:helplines"), {"country": "IE"}).content.decode()
    assert ">Ireland</option>" in html and ">New Zealand</option>" in html and ">IE</option>" not in html
    assert "Samaritans" in html and "HSE Drugs and Alcohol Helpline" in html
    html = client.get("/fr/help/helplines/", {"country": "GB"}).content.decode()
    assert ">Royaume-Uni</option>" in html and ">États-Unis</option>" in html
    assert "Samaritans" in html


def test_overdose_response_lines_have_their_own_heading(client):
    html = client.get(reverse("directory:helplines"), {"country": "US"}).content.decode()
    heading = html.index("If someone is going to use alone")
    assert html.index("Never Use Alone") > heading > html.index("SAMHSA National Helpline")
    assert 'href="tel:18004843731"' in html
    html = client.get(reverse("directory:helplines"), {"country": "CA"}).content.decode()
    assert html.index("National Overdose Response Service") > html.index("If someone is going to use alone")


def test_each_country_of_the_data_notes_shows_its_lines(client):
    expected = {"AU": "Family Drug Support", "NZ": "Alcohol Drug Helpline", "FR": "3114", "IE": "Samaritans"}
    for country, name in expected.items():
        html = client.get(reverse("directory:helplines"), {"country": country}).content.decode()
        assert name in html and "Checked on" in html, country
