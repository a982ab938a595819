import pytest
from django.test import Client
from django.urls import reverse

from alongside.core import links
from alongside.core.authz import ALL_ROLES

pytestmark = pytest.mark.django_db

CIRCLE_FEATURES = sorted(key for key, (_, needs_circle) in links.APP_FEATURES.items() if needs_circle)


@pytest.mark.parametrize("feature", CIRCLE_FEATURES)
def test_a_feature_link_resolves_exactly_when_the_readers_role_may_open_it(feature, circle_members):
    circle = circle_members["circle"]
    url_name, _ = links.APP_FEATURES[feature]
    for role in ALL_ROLES:
        client = Client()
        client.force_login(circle_members[role])
        resolved = links.resolve(f"app:{feature}", circle.id, role)
        status = client.get(resolved or reverse(url_name, args=[circle.id])).status_code
        if resolved:
            assert status not in (403, 404), f"{feature} links {role} to a page that answers {status}"
        else:
            assert status == 404, f"{feature} hidden from {role}, whose page answers {status}"


def test_without_a_role_a_circle_feature_still_resolves_and_without_a_circle_it_does_not(circle_members):
    circle = circle_members["circle"]
    assert links.resolve("app:self_care", circle.id) == reverse("journal:self_care", args=[circle.id])
    assert links.resolve("app:self_care") is None
    assert links.resolve("app:emergency", role="person") == reverse("safety:emergency")


def test_the_person_reading_about_self_care_is_not_sent_to_a_supporters_private_space(circle_members):
    circle = circle_members["circle"]
    self_care = reverse("journal:self_care", args=[circle.id])
    article = reverse("library:article", args=["looking-after-yourself"])
    pages = {}
    for role in ("supporter", "person"):
        client = Client()
        client.force_login(circle_members[role])
        pages[role] = client.get(article).content.decode()
    assert self_care in pages["supporter"]
    assert self_care not in pages["person"]
