"""The timeline: everything one may see, newest first, filterable, paginated and fast."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from alongside.journal.models import Contact, Observation

pytestmark = pytest.mark.django_db

START = datetime(2020, 1, 1, 12, 0, tzinfo=UTC)


def test_ten_thousand_entries_render_with_a_bounded_number_of_queries(c, client, django_assert_max_num_queries):
    circle, authors = c["circle"], [c["supporter"], c["organiser"]]
    Observation.objects.bulk_create(
        Observation(circle=circle, author=authors[i % 2], visibility="supporters", signs=["mood_swings"],
                    observed_at=START + timedelta(hours=3 * i), is_incident=i % 50 == 0)
        for i in range(6000)
    )
    Contact.objects.bulk_create(
        Contact(circle=circle, author=authors[i % 2], visibility="circle", how="call", contacted_at=START + timedelta(hours=3 * i + 1))
        for i in range(4000)
    )
    client.force_login(c["supporter"])
    url = reverse("journal:timeline", args=[circle.id])
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 10_000 and len(page.object_list) == 25
    assert page.object_list[0].at == START + timedelta(hours=3 * 5999)
    with django_assert_max_num_queries(20):
        response = client.get(url, {"page": "200", "kind": "contact"})
    assert response.context["page"].paginator.count == 4000


def test_entries_come_newest_first_across_kinds(c, client, entry):
    circle = c["circle"]
    a = entry("observation", circle, c["supporter"], observed_at=START)
    b = entry("contact", circle, c["supporter"], contacted_at=START + timedelta(hours=1))
    d = entry("observation", circle, c["organiser"], observed_at=START + timedelta(hours=2), is_incident=True)
    client.force_login(c["supporter"])
    response = client.get(reverse("journal:timeline", args=[circle.id]))
    assert [item.record.id for item in response.context["page"].object_list] == [d.id, b.id, a.id]
    page = response.content.decode()
    assert "Incident" in page and "Contact" in page and "Observation" in page


def test_the_timeline_filters_by_kind_member_and_period(c, client, entry):
    circle = c["circle"]
    a = entry("observation", circle, c["supporter"], observed_at=START)
    b = entry("contact", circle, c["supporter"], contacted_at=START + timedelta(days=3))
    d = entry("observation", circle, c["organiser"], observed_at=START + timedelta(days=6), is_incident=True)
    client.force_login(c["supporter"])
    url = reverse("journal:timeline", args=[circle.id])

    def ids(**params):
        return [item.record.id for item in client.get(url, params).context["page"].object_list]

    assert ids(kind="incident") == [d.id]
    assert ids(kind="observation") == [a.id]
    assert ids(kind="contact") == [b.id]
    assert ids(member=str(c["organiser"].public_id)) == [d.id]
    assert ids(since="2020-01-02", until="2020-01-05") == [b.id]
    assert ids(until="2020-01-01") == [a.id]


def test_pages_keep_the_filters(c, client):
    circle = c["circle"]
    Contact.objects.bulk_create(
        Contact(circle=circle, author=c["supporter"], how="call", contacted_at=START + timedelta(hours=i)) for i in range(30)
    )
    client.force_login(c["supporter"])
    page = client.get(reverse("journal:timeline", args=[circle.id]), {"kind": "contact"}).content.decode()
    assert "?kind=contact&amp;page=2" in page


def test_appointments_from_recovery_support_join_the_timeline_as_the_privacy_model_allows(c, client, entry):
    from alongside.care.models import Appointment

    circle = c["circle"]
    shared = Appointment.objects.create(circle=circle, author=c["organiser"], visibility="circle", kind="doctor",
                                        title="Dr Lee", starts_at=START + timedelta(days=1))
    Appointment.objects.create(circle=circle, author=c["organiser"], visibility="only_me", kind="court",
                               title="Private", starts_at=START + timedelta(days=2))
    contact = entry("contact", circle, c["supporter"], "circle", contacted_at=START)
    client.force_login(c["person"])
    url = reverse("journal:timeline", args=[circle.id])
    response = client.get(url)
    assert [item.record.id for item in response.context["page"].object_list] == [shared.id, contact.id]
    page = response.content.decode()
    assert "Doctor or prescriber: Dr Lee" in page and "Private" not in page
    assert reverse("care:appointment_detail", args=[circle.id, shared.id]) in page
    only = client.get(url, {"kind": "appointment"}).context["page"].object_list
    assert [item.record.id for item in only] == [shared.id]


def test_boundaries_and_conversation_plans_join_the_timeline_as_the_privacy_model_allows(c, client):
    from alongside.plans.models import Boundary, ConversationPlan

    circle = c["circle"]
    boundary = Boundary.objects.create(circle=circle, author=c["organiser"], visibility="supporters",
                                       what="No cash, but a bus pass", why="w", consequence="c")
    ConversationPlan.objects.create(circle=circle, author=c["organiser"], visibility="only_me", goal="Private talk")
    client.force_login(c["supporter"])
    url = reverse("journal:timeline", args=[circle.id])
    page = client.get(url).content.decode()
    assert "No cash, but a bus pass" in page and "Private talk" not in page
    assert reverse("plans:boundary_detail", args=[circle.id, boundary.id]) in page
    assert [i.record.id for i in client.get(url, {"kind": "boundary"}).context["page"].object_list] == [boundary.id]
    client.force_login(c["person"])
    assert "No cash" not in client.get(url).content.decode()


def test_boundary_and_conversation_plan_entries_are_labelled_by_their_kind(c, client):
    import re

    from alongside.plans.models import Boundary, ConversationPlan

    circle = c["circle"]
    Boundary.objects.create(circle=circle, author=c["organiser"], visibility="supporters", what="No cash", why="w", consequence="c")
    ConversationPlan.objects.create(circle=circle, author=c["organiser"], visibility="supporters", goal="Talk on Sunday")
    client.force_login(c["organiser"])
    page = client.get(reverse("journal:timeline", args=[circle.id])).content.decode()
    badges = re.findall(r'<span class="badge kind-(\w+)">([^<]*)</span>', page)
    assert sorted(badges) == [("boundary", "Boundary"), ("conversation", "Conversation plan")]
    page_es = client.get(reverse("journal:timeline", args=[circle.id]).replace("/c/", "/es/c/", 1)).content.decode()
    assert "Observation" not in page_es and "Observación" not in page_es
