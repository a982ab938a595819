"""The product's own 404, 403 and 500 pages: in the visitor's language, with quick exit,
the emergency link and a way back, and the 500 page without any database query."""

import pytest
from django.test import Client, RequestFactory

from alongside.core import errors


def test_the_500_page_renders_with_the_database_unavailable():
    # No django_db mark: pytest-django makes every database query in this test an error.
    response = errors.server_error(RequestFactory().get("/es/anything/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert 'lang="es"' in body and "Algo salió mal" in body
    assert 'id="quick-exit"' in body and 'href="/es/emergency/"' in body and 'href="/es/"' in body


def test_a_failing_page_answers_the_product_500_page_without_touching_the_database(settings):
    settings.ROOT_URLCONF = "alongside.core.tests.boom_urls"
    response = Client(raise_request_exception=False).get("/fr/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert 'lang="fr"' in body and "Sortie rapide" in body and 'href="/fr/emergency/"' in body
    assert "Traceback" not in body and "OperationalError" not in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "lang", "heading"),
    [
        ("", "en", "We cannot find that page"),
        ("/es", "es", "No encontramos esa página"),
        ("/fr", "fr", "Nous ne trouvons pas cette page"),
    ],
)
def test_a_missing_page_answers_the_product_404_in_the_visitors_language(client, prefix, lang, heading):
    response = client.get(f"{prefix}/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert f'lang="{lang}"' in body and heading in body
    assert 'id="quick-exit"' in body and f'href="{prefix}/emergency/"' in body and f'href="{prefix}/"' in body


def test_the_403_page_is_the_products_with_a_way_back():
    response = errors.permission_denied(RequestFactory().get("/fr/x/"))
    body = response.content.decode()
    assert response.status_code == 403 and 'lang="fr"' in body and 'href="/fr/"' in body
    assert "Sortie rapide" in body


@pytest.mark.django_db
def test_a_private_circle_page_still_answers_404_with_the_product_page(client, circle_members):
    client.force_login(circle_members["outsider"])
    response = client.get(f"/c/{circle_members['circle'].id}/")
    assert response.status_code == 404 and "We cannot find that page" in response.content.decode()
    assert "Sam" not in response.content.decode()
