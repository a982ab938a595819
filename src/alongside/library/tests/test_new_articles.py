"""The articles families still missed (issue 19): each page in each language, with its sources and date."""

import html as html_lib

import pytest

from alongside.library import content

pytestmark = pytest.mark.django_db

NEW = (
    "pregnancy-and-opioids",
    "naltrexone-and-overdose-risk",
    "naloxone-storage-and-free-kits",
    "paying-for-treatment",
    "healthy-routine-after-treatment",
    "xylazine-and-wounds",
)
PREFIX = {"en": "", "es": "/es", "fr": "/fr"}


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
@pytest.mark.parametrize("slug", NEW)
def test_each_new_article_shows_in_its_language_with_sources_and_reviewed_date(client, slug, lang):
    article = content.load(lang).articles[slug]
    page = html_lib.unescape(client.get(f"{PREFIX[lang]}/learn/{slug}/").content.decode())
    assert article.title in page
    for source in article.sources:
        assert source.url in page
    assert "2026" in page and len(article.sources) >= 3


def test_the_routine_and_risk_articles_link_into_the_member_s_circle(client, circle_members):
    circle = circle_members["circle"]
    client.force_login(circle_members["supporter"])
    routine = client.get("/learn/healthy-routine-after-treatment/").content.decode()
    naltrexone = client.get("/learn/naltrexone-and-overdose-risk/").content.decode()
    assert f"/c/{circle.id}/care/habits/" in routine
    assert f"/c/{circle.id}/safety/risk/" in naltrexone
    # Without a circle the same words stay, unlinked.
    client.logout()
    assert "/care/habits/" not in client.get("/learn/healthy-routine-after-treatment/").content.decode()
