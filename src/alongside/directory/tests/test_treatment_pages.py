from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.directory.demo import load_sample_facilities
from alongside.directory.importers import import_files
from alongside.directory.models import Facility

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(locator_bytes):
    import_files([("sample.json", locator_bytes)])


def test_the_help_page_links_treatment_and_helplines(client):
    html = client.get(reverse("directory:index")).content.decode()
    assert reverse("directory:treatment") in html and reverse("directory:helplines") in html


def test_a_zip_code_search_lists_facilities_nearest_first_with_what_a_caller_needs(client, imported):
    response = client.get(reverse("directory:treatment"), {"q": "22902", "radius": "10"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "22902 (Charlottesville, VA)" in html
    results = response.context["page"].object_list
    assert results and [d for _f, d in results] == sorted(d for _f, d in results)
    assert all(d <= 10 for _f, d in results)
    assert 'href="tel:4349798871"' in html  # tap to call
    assert "http://www.regionten.org" in html and "1014 East Market Street" in html
    assert "Source: FindTreatment.gov (SAMHSA), data as of" in html
    assert "Sliding scale (cost based on income)" in html  # plain words, not the source's codes


def test_filters_narrow_the_results(client, imported):
    every = client.get(reverse("directory:treatment"), {"q": "22902", "radius": "100"}).context["count"]
    bup = client.get(
        reverse("directory:treatment"), {"q": "22902", "radius": "100", "medication": "buprenorphine"}
    )
    assert 0 < bup.context["count"] < every
    assert all(f.has("buprenorphine") for f, _d in bup.context["page"].object_list)
    both = client.get(
        reverse("directory:treatment"),
        {"q": "22902", "radius": "100", "medication": "buprenorphine", "other": "family_counselling"},
    )
    assert all(f.has("family_counselling") for f, _d in both.context["page"].object_list)
    assert "Filters (2 in use)" in both.content.decode()  # folded, so the results come first on a phone


def test_the_browser_s_location_searches_without_a_place_name(client, imported):
    response = client.get(reverse("directory:treatment"), {"lat": "38.03", "lon": "-78.48", "radius": "5"})
    assert response.context["count"] > 0 and "near your location" in response.content.decode()


def test_a_place_we_cannot_find_says_what_to_type_and_keeps_it(client, imported):
    response = client.get(reverse("directory:treatment"), {"q": "Nowhereville"})
    html = response.content.decode()
    assert "We could not find that place" in html and 'value="Nowhereville"' in html
    assert response.context["page"] is None


def test_sample_data_is_marked_on_results_and_on_the_listing(client):
    load_sample_facilities()
    html = client.get(reverse("directory:treatment"), {"q": "Toronto, ON"}).content.decode()
    assert "Sample data:" in html and html.count("sample-badge") >= 1
    facility = Facility.objects.filter(city="Toronto").first()
    detail = client.get(reverse("directory:facility", args=[facility.pk])).content.decode()
    assert "Sample data:" in detail
    assert "Sample data" in client.get(reverse("directory:index")).content.decode()


def test_the_facility_page_shows_everything_and_offers_each_circle_s_shortlist(
    client, imported, circle_members
):
    facility = Facility.objects.get(name="Addiction Allies LLC")
    html = client.get(reverse("directory:facility", args=[facility.pk])).content.decode()
    assert "Buprenorphine (for example Suboxone)" in html and "Save to" not in html
    client.force_login(circle_members["supporter"])
    html = client.get(reverse("directory:facility", args=[facility.pk])).content.decode()
    assert reverse("directory:shortlist_add", args=[circle_members["circle"].id]) in html
    assert "Save to Sam's shortlist" in html


def test_search_pages_answer_in_spanish_and_french(client, imported):
    for lang, word in (("es", "Buprenorfina"), ("fr", "Buprénorphine")):
        html = client.get(
            f"/{lang}/help/treatment/", {"q": "22902", "medication": "buprenorphine"}
        ).content.decode()
        assert word in html
