"""The timeline: everything one may see, newest first, filterable, paginated and fast."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from alongside.journal.models import Contact, Observation

pytestmark = pytest.mark.django_db

START = datetime(2020, 1, 1, 12, 0, tzinfo=UTC)


def test_ten_thousand_entries_render_with_a_bounded_number_of_queries(
    c, client, django_assert_max_num_queries
):
    circle, authors = c["circle"], [c["supporter"], c["organiser"]]
    Observation.objects.bulk_create(
        Observation(
            circle=circle,
            author=authors[i % 2],
            visibility="supporters",
            signs=["mood_swings"],
            observed_at=START + timedelta(hours=3 * i),
            is_incident=i % 50 == 0,
        )
        for i in range(6000)
    )
    Contact.objects.bulk_create(
        Contact(
            circle=circle,
            author=authors[i % 2],
            visibility="circle",
            how="call",
            contacted_at=START + timedelta(hours=3 * i + 1),
        )
        for i in range(4000)
    )
    client.force_login(c["supporter"])
    url = reverse("journal:timeline", args=[circle.id])
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    page = response.context["page"]
    assert len(page.object_list) == 25 and page.older and not page.newer
    assert page.object_list[0].at == START + timedelta(hours=3 * 5999)
    with django_assert_max_num_queries(20):
        response = client.get(url, {"before": page.older, "kind": "contact"})
    assert [item.kind for item in response.context["page"].object_list] == ["contact"] * 25


def _walk_timeline(client, url, **params):
    """Every entry id, following the Older links from the newest page to the oldest."""
    seen, cursor, pages = [], None, 0
    while True:
        response = client.get(url, {**params, **({"before": cursor} if cursor else {})})
        page = response.context["page"]
        seen += [item.record.id for item in page.object_list]
        pages += 1
        cursor = page.older
        if cursor is None:
            return seen, pages


def test_keyset_pages_show_every_entry_exactly_once_newest_first_even_when_times_tie(c, client, entry):
    """Entries sharing one timestamp across kinds and authors still land on exactly one page each."""
    circle = c["circle"]
    made = []
    for i in range(31):
        at = START + timedelta(hours=i // 4)  # four entries share each time
        if i % 3:
            made.append(entry("observation", circle, c["supporter"], observed_at=at))
        else:
            made.append(entry("contact", circle, c["organiser"], contacted_at=at))
    entry("observation", circle, c["organiser"], "only_me", observed_at=START)  # not the supporter's to see
    client.force_login(c["supporter"])
    url = reverse("journal:timeline", args=[circle.id])
    seen, pages = _walk_timeline(client, url)
    assert sorted(seen) == sorted(m.id for m in made) and len(seen) == len(set(seen)) == 31
    assert pages == 2
    order = {m.id: (getattr(m, "observed_at", None) or m.contacted_at) for m in made}
    assert [order[i] for i in seen] == sorted(order.values(), reverse=True)


def test_the_newer_link_leads_back_to_the_same_entries(c, client):
    circle = c["circle"]
    Contact.objects.bulk_create(
        Contact(circle=circle, author=c["supporter"], how="call", contacted_at=START + timedelta(hours=i))
        for i in range(60)
    )
    client.force_login(c["supporter"])
    url = reverse("journal:timeline", args=[circle.id])
    first = client.get(url).context["page"]
    second = client.get(url, {"before": first.older}).context["page"]
    third = client.get(url, {"before": second.older}).context["page"]
    assert len(third.object_list) == 10 and third.older is None and third.newer
    back = client.get(url, {"after": third.newer}).context["page"]
    assert [i.record.id for i in back.object_list] == [i.record.id for i in second.object_list]
    top = client.get(url, {"after": second.newer}).context["page"]
    assert [i.record.id for i in top.object_list] == [
        i.record.id for i in first.object_list
    ] and top.newer is None


def test_a_malformed_cursor_shows_the_newest_page(c, client, entry):
    circle = c["circle"]
    newest = entry("contact", circle, c["supporter"], contacted_at=START)
    client.force_login(c["supporter"])
    url = reverse("journal:timeline", args=[circle.id])
    for bad in ("nonsense", "2020_zz", "_", "20200101T000000.000000_" + "0" * 31):
        response = client.get(url, {"before": bad})
        assert response.status_code == 200
        assert [i.record.id for i in response.context["page"].object_list] == [newest.id]


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
        Contact(circle=circle, author=c["supporter"], how="call", contacted_at=START + timedelta(hours=i))
        for i in range(30)
    )
    client.force_login(c["supporter"])
    response = client.get(reverse("journal:timeline", args=[circle.id]), {"kind": "contact"})
    assert f"?kind=contact&amp;before={response.context['page'].older}" in response.content.decode()


def test_appointments_from_recovery_support_join_the_timeline_as_the_privacy_model_allows(c, client, entry):
    from alongside.care.models import Appointment

    circle = c["circle"]
    shared = Appointment.objects.create(
        circle=circle,
        author=c["organiser"],
        visibility="circle",
        kind="doctor",
        title="Dr Lee",
        starts_at=START + timedelta(days=1),
    )
    Appointment.objects.create(
        circle=circle,
        author=c["organiser"],
        visibility="only_me",
        kind="court",
        title="Private",
        starts_at=START + timedelta(days=2),
    )
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
    boundary = Boundary.objects.create(
        circle=circle,
        author=c["organiser"],
        visibility="supporters",
        what="No cash, but a bus pass",
        why="w",
        consequence="c",
    )
    ConversationPlan.objects.create(
        circle=circle, author=c["organiser"], visibility="only_me", goal="Private talk"
    )
    client.force_login(c["supporter"])
    url = reverse("journal:timeline", args=[circle.id])
    page = client.get(url).content.decode()
    assert "No cash, but a bus pass" in page and "Private talk" not in page
    assert reverse("plans:boundary_detail", args=[circle.id, boundary.id]) in page
    assert [i.record.id for i in client.get(url, {"kind": "boundary"}).context["page"].object_list] == [
        boundary.id
    ]
    client.force_login(c["person"])
    assert "No cash" not in client.get(url).content.decode()


def test_boundary_and_conversation_plan_entries_are_labelled_by_their_kind(c, client):
    import re

    from alongside.plans.models import Boundary, ConversationPlan

    circle = c["circle"]
    Boundary.objects.create(
        circle=circle,
        author=c["organiser"],
        visibility="supporters",
        what="No cash",
        why="w",
        consequence="c",
    )
    ConversationPlan.objects.create(
        circle=circle, author=c["organiser"], visibility="supporters", goal="Talk on Sunday"
    )
    client.force_login(c["organiser"])
    page = client.get(reverse("journal:timeline", args=[circle.id])).content.decode()
    badges = re.findall(r'<span class="badge kind-(\w+)">([^<]*)</span>', page)
    assert sorted(badges) == [("boundary", "Boundary"), ("conversation", "Conversation plan")]
    page_es = client.get(
        reverse("journal:timeline", args=[circle.id]).replace("/c/", "/es/c/", 1)
    ).content.decode()
    assert "Observation" not in page_es and "Observación" not in page_es


def test_each_entry_names_its_author_also_after_they_left_or_deleted_their_account(c, client, entry):
    """Authors come from the members the page has loaded, or from one query for the others."""
    from alongside.circles.models import Membership

    circle = c["circle"]
    entry("observation", circle, c["supporter"], observed_at=START)
    entry("contact", circle, c["organiser"], contacted_at=START + timedelta(hours=1))
    gone = entry("contact", circle, c["supporter"], contacted_at=START + timedelta(hours=2))
    gone.author = None
    gone.save()
    Membership.objects.filter(user=c["supporter"], circle=circle).update(left_at=START + timedelta(days=1))
    client.force_login(c["organiser"])
    response = client.get(reverse("journal:timeline", args=[circle.id]))
    authors = [item.record.author for item in response.context["page"].object_list]
    assert authors == [None, c["organiser"], c["supporter"]]
    page = response.content.decode()
    assert str(c["supporter"]) in page and "a former member" in page


def test_the_page_s_query_count_does_not_grow_with_the_circle(c, client):
    """The same number of queries with one entry of each kind as with sixty of each, every kind on
    the first page both times (so every source is read and loaded at both sizes)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from alongside.care.models import Appointment
    from alongside.plans.models import Boundary, ConversationPlan

    circle, author = c["circle"], c["organiser"]

    def add(first, count):
        at = [START + timedelta(hours=6 * (first + i)) for i in range(count)]
        Observation.objects.bulk_create(
            Observation(
                circle=circle, author=author, visibility="supporters", observed_at=t, is_incident=False
            )
            for t in at
        )
        Observation.objects.bulk_create(
            Observation(
                circle=circle,
                author=author,
                visibility="supporters",
                observed_at=t + timedelta(hours=1),
                is_incident=True,
            )
            for t in at
        )
        Contact.objects.bulk_create(
            Contact(
                circle=circle, author=author, visibility="supporters", contacted_at=t + timedelta(hours=2)
            )
            for t in at
        )
        Appointment.objects.bulk_create(
            Appointment(
                circle=circle,
                author=author,
                visibility="supporters",
                kind="doctor",
                title="Dr Lee",
                starts_at=t + timedelta(hours=3),
            )
            for t in at
        )
        for t in at:  # (their time is when they were written: set after saving)
            boundary = Boundary.objects.create(
                circle=circle, author=author, visibility="supporters", what="w", why="w", consequence="c"
            )
            plan = ConversationPlan.objects.create(
                circle=circle, author=author, visibility="supporters", goal="g"
            )
            Boundary.objects.filter(pk=boundary.pk).update(created_at=t + timedelta(hours=4))
            ConversationPlan.objects.filter(pk=plan.pk).update(created_at=t + timedelta(hours=5))

    def first_page():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("journal:timeline", args=[circle.id]))
        assert response.status_code == 200
        kinds = {item.kind for item in response.context["page"].object_list}
        assert kinds == {"observation", "incident", "contact", "appointment", "boundary", "conversation"}
        return len(queries), len(response.context["page"].object_list)

    client.force_login(author)
    client.get(reverse("journal:timeline", args=[circle.id]))  # the session's first request writes more
    add(0, 1)
    small, shown = first_page()
    assert shown == 6
    add(1, 59)
    big, shown = first_page()
    assert shown == 25
    assert big == small
