from __future__ import annotations

from django.db import transaction

from alongside.audit.models import Action
from alongside.audit.services import record_event
from alongside.notes.models import Note


@transaction.atomic
def create_note(actor, circle, *, title: str, body: str, visibility: str) -> Note:
    note = Note.objects.create(circle=circle, author=actor, title=title, body=body, visibility=visibility)
    record_event(actor, Action.CREATED, target=note, visibility=visibility)
    return note


@transaction.atomic
def update_note(actor, note: Note, *, title: str, body: str, visibility: str) -> Note:
    if not note.can_edit(actor):
        raise PermissionError("Only the author changes a note.")
    note.title, note.body, note.visibility = title, body, visibility
    note.save()
    record_event(actor, Action.CHANGED, target=note, visibility=visibility)
    return note


@transaction.atomic
def delete_note(actor, note: Note) -> None:
    if not note.can_edit(actor):
        raise PermissionError("Only the author deletes a note.")
    record_event(actor, Action.DELETED, target=note)
    note.delete()
