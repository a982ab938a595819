import datetime
import re

import pytest

from alongside.directory import helplines

pytestmark = pytest.mark.django_db

# Numbers the data notes mark as not what the seed articles claim: never list them as helplines.
NOT_HELPLINES = {"18663663667", "9024708888", "18884705888", "18006651822"}


def test_every_helpline_is_checked_sourced_and_translated():
    lines = helplines.load()
    assert lines
    for line in lines:
        assert isinstance(line.verified_on, datetime.date)
        assert line.source_url.startswith("https://")
        assert re.fullmatch(r"\+?[\d-]{3,}", line.phone)
        for field in ("audience", "what", "hours"):
            assert set(getattr(line, field)) >= {"en", "es", "fr"}, (line.key, field)


def test_numbers_the_seeds_got_wrong_are_not_listed():
    assert not {line.tel for line in helplines.load()} & NOT_HELPLINES


def test_the_page_shows_the_lines_of_the_chosen_country_with_their_check_date(client):
    html = client.get("/help/helplines/", {"country": "CA"}).content.decode()
    assert "Hope for Wellness" in html and 'href="tel:18552423310"' in html
    assert "SAMHSA" not in html
    assert "Checked on" in html
    # The choice is remembered for the next visit.
    assert "SAMHSA" not in client.get("/help/helplines/").content.decode()


def test_the_united_states_is_the_default_and_an_unknown_country_falls_back(client):
    assert "SAMHSA National Helpline" in client.get("/help/helplines/").content.decode()
    assert "SAMHSA National Helpline" in client.get("/help/helplines/", {"country": "ZZ"}).content.decode()


def test_the_page_is_in_the_reader_s_language(client):
    html = client.get("/fr/help/helplines/", {"country": "CA"}).content.decode()
    assert "Peuples autochtones" in html
