"""The library's pages, and the checklist a circle keeps."""

import pytest
from django.urls import reverse

from alongside.audit.models import AuditEvent
from alongside.circles.records import Visibility
from alongside.library import content
from alongside.library.models import ProgrammeChecklist

pytestmark = pytest.mark.django_db
QUESTIONS = "questions-for-a-treatment-programme"


def test_the_index_lists_every_article_by_topic_without_logging_in(client):
    response = client.get("/learn/")
    assert response.status_code == 200
    html = response.content.decode()
    for article in content.load("en").articles.values():
        assert reverse("library:article", args=[article.slug]) in html
    assert "Staying safe" in html


def test_an_article_shows_its_sources_reviewed_date_related_and_glossary_links(client):
    article = content.load("en").articles["signs-of-use"]
    html = client.get(f"/learn/{article.slug}/").content.decode()
    for source in article.sources:
        assert source.url in html
    assert "Reviewed on" in html
    for slug in article.related:
        assert f"/learn/{slug}/" in html
    assert 'class="glossary-link"' in html or "/learn/glossary/#" in html
    assert "Behavioural" in html and "Financial" in html


def test_an_app_feature_inside_a_circle_links_there_for_a_member(client, circle_members):
    circle = circle_members["circle"]
    anonymous = client.get("/learn/overdose-and-naloxone/").content.decode()
    assert "/emergency/" in anonymous
    client.force_login(circle_members["organiser"])
    html = client.get("/learn/overdose-and-naloxone/").content.decode()
    assert f"/c/{circle.id}/safety/kits/" in html


def test_articles_come_in_the_reader_s_language(client):
    spanish = client.get("/es/learn/overdose-and-naloxone/").content.decode()
    french = client.get("/fr/learn/overdose-and-naloxone/").content.decode()
    assert content.load("es").articles["overdose-and-naloxone"].title in spanish
    assert content.load("fr").articles["overdose-and-naloxone"].title in french


def test_an_unknown_article_or_term_is_a_404(client):
    assert client.get("/learn/no-such-page/").status_code == 404
    assert client.get("/learn/glossary/no-such-term/").status_code == 404


def test_the_glossary_gives_each_term_an_anchor_and_a_page(client):
    html = client.get("/learn/glossary/").content.decode()
    for slug in ("iop", "php", "naloxone", "words-we-avoid"):
        assert f'id="{slug}"' in html
    term = client.get("/learn/glossary/naloxone/")
    assert term.status_code == 200 and "Narcan" in term.content.decode()


def test_search_page_and_htmx_fragment(client):
    page = client.get("/learn/search/", {"q": "narcan"}).content.decode()
    assert "/learn/glossary/naloxone/" in page and "<html" in page
    fragment = client.get(
        "/learn/search/", {"q": "intensive outpatient"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "/learn/glossary/iop/" in fragment and "<html" not in fragment


def test_a_supporter_keeps_a_programme_checklist_in_the_circle(client, circle_members):
    circle = circle_members["circle"]
    items = content.load("en").articles[QUESTIONS].checklist
    client.force_login(circle_members["supporter"])
    url = reverse("library:checklist_create", args=[circle.id, QUESTIONS])
    response = client.post(
        url,
        {
            "programme": "Riverside IOP",
            "ticked": [items[0].key, items[2].key],
            "notes": "Waiting list two weeks",
            "visibility": Visibility.SUPPORTERS,
        },
    )
    checklist = ProgrammeChecklist.objects.get()
    assert response.status_code == 302
    assert checklist.ticked == [items[0].key, items[2].key] and checklist.programme == "Riverside IOP"
    assert AuditEvent.objects.filter(target_id=str(checklist.id)).exists()

    client.force_login(circle_members["organiser"])
    edit_url = reverse("library:checklist_edit", args=[circle.id, checklist.id])
    html = client.get(edit_url).content.decode()
    assert "Riverside IOP" in html and items[0].text in html and "Waiting list" in html
    assert client.post(edit_url, {"programme": "x", "visibility": Visibility.CIRCLE}).status_code == 404

    client.force_login(circle_members["person"])
    assert client.get(edit_url).status_code == 404
    assert (
        client.get(reverse("library:checklists", args=[circle.id])).content.decode().count("Riverside") == 0
    )


def test_a_checklist_that_fails_validation_keeps_what_was_typed(client, circle_members):
    circle = circle_members["circle"]
    client.force_login(circle_members["supporter"])
    url = reverse("library:checklist_create", args=[circle.id, QUESTIONS])
    response = client.post(
        url, {"programme": "", "notes": "They call back Friday", "visibility": "supporters"}
    )
    assert response.status_code == 200
    assert "They call back Friday" in response.content.decode()
    assert not ProgrammeChecklist.objects.exists()


def test_an_article_without_a_checklist_cannot_start_one(client, circle_members):
    client.force_login(circle_members["supporter"])
    plain = next(a.slug for a in content.load("en").articles.values() if not a.checklist)
    url = reverse("library:checklist_create", args=[circle_members["circle"].id, plain])
    assert client.get(url).status_code == 404


def test_only_the_author_deletes_a_checklist(client, circle_members):
    circle = circle_members["circle"]
    checklist = ProgrammeChecklist.objects.create(
        circle=circle,
        author=circle_members["supporter"],
        visibility=Visibility.SUPPORTERS,
        article_slug=QUESTIONS,
        programme="p",
    )
    url = reverse("library:checklist_delete", args=[circle.id, checklist.id])
    client.force_login(circle_members["organiser"])
    assert client.post(url).status_code == 404
    client.force_login(circle_members["supporter"])
    assert client.post(url).status_code == 302
    assert not ProgrammeChecklist.objects.exists()
