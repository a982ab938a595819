import pytest
from django.urls import reverse

from alongside.circles.models import Circle, Membership, Role

pytestmark = pytest.mark.django_db


def test_a_signed_in_member_creates_a_circle_and_lands_on_its_home(client, make_user):
    user = make_user("Ana")
    client.force_login(user)
    response = client.post(reverse("circles:create"), {"person_name": "Leo", "time_zone": "Europe/Madrid"})
    (circle,) = [c for c in Circle.objects.all() if c.person_name == "Leo"]  # the name is encrypted at rest
    assert response.status_code == 302 and response["Location"] == reverse(
        "circles:invite_people", args=[circle.id]
    )
    assert "Invite the people who help" in client.get(response["Location"]).content.decode()
    home = client.get(reverse("circles:detail", args=[circle.id]))
    assert "Leo" in home.content.decode()
    assert "People in this circle" in home.content.decode()


def test_a_form_with_errors_keeps_what_was_typed(client, make_user):
    client.force_login(make_user("Ana"))
    response = client.post(reverse("circles:create"), {"person_name": "Leo", "time_zone": "Not/AZone"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Leo"' in body
    assert "errorlist" in body


def test_an_invitation_link_is_shown_once_and_joins_with_its_role(client, circle_members, make_user):
    c = circle_members
    client.force_login(c["organiser"])
    response = client.post(
        reverse("circles:invite", args=[c["circle"].id]), {"role": "supporter", "label": "Rosa"}
    )
    link = response.context["link"]
    path = link.split("testserver", 1)[1]
    newcomer = make_user("Rosa")
    client.force_login(newcomer)
    assert "Sam" in client.get(path).content.decode()
    joined = client.post(path)
    assert joined.status_code == 302
    assert Membership.objects.get(user=newcomer, circle=c["circle"]).role == Role.SUPPORTER
    assert client.get(path).status_code == 404


def test_an_unknown_invitation_link_answers_404(client):
    assert client.get(reverse("circles:accept", args=["no-such-token"])).status_code == 404


def test_with_one_circle_the_circles_page_goes_straight_to_it(client, circle_members):
    client.force_login(circle_members["supporter"])
    response = client.get(reverse("circles:home"))
    assert response["Location"] == reverse("circles:detail", args=[circle_members["circle"].id])


def test_a_member_of_two_circles_can_switch_between_them(client, circle_members):
    c = circle_members
    Membership.objects.create(circle=c["other_circle"], user=c["supporter"], role=Role.SUPPORTER)
    client.force_login(c["supporter"])
    listing = client.get(reverse("circles:home") + "?all").content.decode()
    assert "Sam" in listing and "Alex" in listing
    home = client.get(reverse("circles:detail", args=[c["circle"].id])).content.decode()
    assert reverse("circles:detail", args=[c["other_circle"].id]) in home


def test_a_circle_page_sends_anonymous_visitors_to_log_in(client, circle_members):
    response = client.get(reverse("circles:detail", args=[circle_members["circle"].id]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
