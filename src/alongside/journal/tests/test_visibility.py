"""Who sees which journal entries: the privacy model, on the timeline and on each entry's page."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _timeline_ids(client, user, circle):
    client.force_login(user)
    response = client.get(reverse("journal:timeline", args=[circle.id]))
    assert response.status_code == 200
    return {item.record.id for item in response.context["page"].object_list}


def test_a_supporter_sees_supporters_entries_but_not_someone_elses_private_ones(c, client, entry):
    circle = c["circle"]
    shared = entry("observation", circle, c["organiser"], "supporters", signs=["mood_swings"])
    private = entry("contact", circle, c["organiser"], "only_me")
    assert _timeline_ids(client, c["supporter"], circle) == {shared.id}
    assert _timeline_ids(client, c["organiser"], circle) == {shared.id, private.id}


def test_the_person_sees_only_what_is_shared_with_the_whole_circle(c, client, entry):
    circle = c["circle"]
    entry("observation", circle, c["supporter"], "supporters")
    whole = entry("contact", circle, c["supporter"], "circle")
    with_pros = entry("observation", circle, c["supporter"], "professionals")
    assert _timeline_ids(client, c["person"], circle) == {whole.id, with_pros.id}
    assert _timeline_ids(client, c["professional"], circle) == {with_pros.id}


def test_an_outsider_gets_404_for_the_timeline_and_for_every_entry(c, client, entry):
    circle = c["circle"]
    observation = entry("observation", circle, c["supporter"], "professionals")
    contact = entry("contact", circle, c["supporter"], "professionals")
    client.force_login(c["outsider"])
    assert client.get(reverse("journal:timeline", args=[circle.id])).status_code == 404
    assert client.get(reverse("journal:observation", args=[circle.id, observation.id])).status_code == 404
    assert client.get(reverse("journal:contact", args=[circle.id, contact.id])).status_code == 404
    assert client.get(reverse("journal:patterns", args=[circle.id])).status_code == 404


def test_an_entry_page_answers_404_to_a_member_who_may_not_see_it(c, client, entry):
    circle = c["circle"]
    observation = entry("observation", circle, c["supporter"], "supporters", notes="He slept at noon")
    client.force_login(c["person"])
    assert client.get(reverse("journal:observation", args=[circle.id, observation.id])).status_code == 404
    client.force_login(c["organiser"])
    response = client.get(reverse("journal:observation", args=[circle.id, observation.id]))
    assert response.status_code == 200 and "He slept at noon" in response.content.decode()


def test_only_the_author_changes_or_deletes_an_entry(c, client, entry):
    circle = c["circle"]
    contact = entry("contact", circle, c["supporter"], "supporters")
    client.force_login(c["organiser"])
    assert client.get(reverse("journal:contact_edit", args=[circle.id, contact.id])).status_code == 404
    assert client.post(reverse("journal:contact_delete", args=[circle.id, contact.id])).status_code == 404
    client.force_login(c["supporter"])
    assert client.post(reverse("journal:contact_delete", args=[circle.id, contact.id])).status_code == 302
    from alongside.journal.models import Contact

    assert not Contact.objects.filter(pk=contact.pk).exists()


def test_the_person_and_professionals_cannot_write_in_the_journal(c, client):
    for role in ("person", "professional"):
        client.force_login(c[role])
        assert client.get(reverse("journal:observe", args=[c["circle"].id])).status_code == 404
        assert (
            client.post(
                reverse("journal:contact_create", args=[c["circle"].id]), {"quick": "1", "how": "call"}
            ).status_code
            == 404
        )


def test_writing_an_entry_leaves_an_audit_row_without_its_text(c, client):
    from alongside.audit.models import AuditEvent
    from alongside.journal.models import Observation

    client.force_login(c["supporter"])
    client.post(
        reverse("journal:observe", args=[c["circle"].id]),
        {
            "observed_at": "2020-01-01T10:00",
            "signs_financial": ["things_missing"],
            "notes": "secret words",
            "visibility": "supporters",
        },
    )
    observation = Observation.objects.get()
    event = AuditEvent.objects.get(target_id=str(observation.pk))
    assert event.action == "created" and "secret words" not in str(event.extra)
