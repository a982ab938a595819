import pytest
from django.db import connection
from django.urls import reverse

from alongside.audit.models import Action, AuditEvent
from alongside.notes.models import Note

pytestmark = pytest.mark.django_db


def test_a_person_s_new_note_defaults_to_only_me(client, circle_members):
    c = circle_members
    client.force_login(c["person"])
    form = client.get(reverse("notes:create", args=[c["circle"].id])).context["form"]
    assert form.initial["visibility"] == "only_me"


def test_writing_reading_changing_and_deleting_a_note_leaves_an_audit_trail_without_its_words(
    client, circle_members
):
    c = circle_members
    client.force_login(c["supporter"])
    client.post(
        reverse("notes:create", args=[c["circle"].id]),
        {"title": "Key", "body": "The spare key is under the blue pot", "visibility": "circle"},
    )
    note = Note.objects.get()
    client.get(reverse("notes:detail", args=[c["circle"].id, note.id]))
    client.post(
        reverse("notes:edit", args=[c["circle"].id, note.id]),
        {"title": "Key", "body": "Moved", "visibility": "supporters"},
    )
    client.post(reverse("notes:delete", args=[c["circle"].id, note.id]))
    actions = list(
        AuditEvent.objects.filter(target_id=str(note.id))
        .order_by("created_at")
        .values_list("action", flat=True)
    )
    assert actions == [Action.CREATED, Action.VIEWED, Action.CHANGED, Action.DELETED]
    for event in AuditEvent.objects.all():
        assert "blue pot" not in str(event.extra) and "Moved" not in str(event.extra)


def test_a_note_that_fails_validation_keeps_what_was_typed(client, circle_members):
    c = circle_members
    client.force_login(c["supporter"])
    response = client.post(
        reverse("notes:create", args=[c["circle"].id]),
        {"title": "", "body": "Words I typed", "visibility": "circle"},
    )
    assert response.status_code == 200
    assert "Words I typed" in response.content.decode()
    assert Note.objects.count() == 0


def test_each_member_reads_the_trail_of_what_they_may_see(client, circle_members):
    c = circle_members
    Note.objects.create(
        circle=c["circle"], author=c["organiser"], visibility="supporters", title="x", body="y"
    )
    client.force_login(c["organiser"])
    client.post(
        reverse("notes:create", args=[c["circle"].id]),
        {"title": "a", "body": "b", "visibility": "supporters"},
    )
    client.post(
        reverse("notes:create", args=[c["circle"].id]), {"title": "e", "body": "f", "visibility": "only_me"}
    )
    client.force_login(c["supporter"])
    client.post(
        reverse("notes:create", args=[c["circle"].id]), {"title": "c", "body": "d", "visibility": "circle"}
    )
    supporter_trail = [
        line["event"] for line in client.get(reverse("audit:trail", args=[c["circle"].id])).context["lines"]
    ]
    # The organiser's note for supporters, not their private one.
    assert [e.actor_id for e in supporter_trail if e.target_type == "notes.note"].count(
        c["organiser"].id
    ) == 1
    client.force_login(c["person"])
    person_trail = [
        line["event"] for line in client.get(reverse("audit:trail", args=[c["circle"].id])).context["lines"]
    ]
    # The person reads what was shared with them; the notes for supporters only are not theirs to see.
    assert [e.actor_id for e in person_trail if e.target_type == "notes.note"] == [c["supporter"].id]


def test_note_text_is_not_readable_in_the_database_file(circle_members):
    c = circle_members
    note = Note.objects.create(
        circle=c["circle"],
        author=c["organiser"],
        visibility="supporters",
        title="Private title",
        body="Very private words",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT title, body FROM notes_note WHERE id = %s",
            [note.id.hex if connection.vendor == "sqlite" else note.id],
        )
        title, body = cursor.fetchone()
    assert "Private" not in title and "private words" not in body
    assert title.startswith("fernet:") and body.startswith("fernet:")
    assert Note.objects.get(pk=note.pk).body == "Very private words"
