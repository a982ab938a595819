from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.safety import services

pytestmark = pytest.mark.django_db

NUMBER = "Rosa 555 0134"


@pytest.fixture
def plan_url(circle_members):
    c = circle_members
    services.save_plan(c["organiser"], c["circle"], NUMBER)
    services.toggle_tick(c["organiser"], c["circle"], "medicines_locked")
    return reverse("safety:plan", args=[c["circle"].id])


def test_professionals_read_who_to_call_while_the_circle_shares_with_them(client, circle_members, plan_url):
    client.force_login(circle_members["professional"])
    assert NUMBER in client.get(plan_url).content.decode()


def test_professionals_no_longer_read_who_to_call_once_the_circle_stops_sharing_with_them(
    client, circle_members, plan_url
):
    c = circle_members
    c["circle"].professionals_may_see = False
    c["circle"].save()
    client.force_login(c["professional"])
    page = client.get(plan_url).content.decode()
    assert NUMBER not in page
    assert "Not shared with professionals in this circle." in page
    assert "Olive" not in page.split('id="home-heading"', 1)[1]  # nor who ticked the checklist
    for member in ("person", "supporter", "organiser"):
        client.force_login(c[member])
        assert NUMBER in client.get(plan_url).content.decode()
