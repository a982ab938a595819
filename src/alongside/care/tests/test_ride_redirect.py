from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from alongside.care.models import Appointment

pytestmark = pytest.mark.django_db


@pytest.fixture
def appointment(circle_members):
    c = circle_members
    return Appointment.objects.create(
        circle=c["circle"],
        author=c["organiser"],
        visibility="circle",
        kind="doctor",
        title="Dr",
        starts_at=datetime(2030, 3, 6, 12, 30, tzinfo=UTC),
        needs_ride=True,
    )


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "///evil.example/",
        "/\\evil.example/",
        "https://evil.example/",
        "javascript:alert(1)",
    ],
)
def test_offering_a_ride_never_sends_the_member_to_another_site(client, circle_members, appointment, target):
    c = circle_members
    client.force_login(c["supporter"])
    url = reverse("care:offer_ride", args=[c["circle"].id, appointment.id])
    response = client.post(url, {"occurrence": appointment.starts_at.isoformat(), "next": target})
    assert response["Location"] == reverse("care:appointments", args=[c["circle"].id])


def test_a_same_site_next_is_followed(client, circle_members, appointment):
    c = circle_members
    client.force_login(c["supporter"])
    back = reverse("care:rides_week", args=[c["circle"].id])
    url = reverse("care:offer_ride", args=[c["circle"].id, appointment.id])
    response = client.post(url, {"occurrence": appointment.starts_at.isoformat(), "next": back})
    assert response["Location"] == back
