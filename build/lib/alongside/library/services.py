from __future__ import annotations

from django.db import transaction

from alongside.audit.models import Action
from alongside.audit.services import record_event
from alongside.library.models import ProgrammeChecklist


@transaction.atomic
def create_checklist(
    actor, circle, *, article_slug: str, programme: str, ticked: list[str], notes: str, visibility: str
) -> ProgrammeChecklist:
    """Keep a family's answers about one programme inside their circle."""
    checklist = ProgrammeChecklist.objects.create(
        circle=circle,
        author=actor,
        article_slug=article_slug,
        programme=programme,
        ticked=ticked,
        notes=notes,
        visibility=visibility,
    )
    record_event(actor, Action.CREATED, target=checklist, visibility=visibility)
    return checklist


@transaction.atomic
def update_checklist(
    actor, checklist: ProgrammeChecklist, *, programme: str, ticked: list[str], notes: str, visibility: str
) -> ProgrammeChecklist:
    """Only the author changes their checklist."""
    if not checklist.can_edit(actor):
        raise PermissionError("Only the author changes a checklist.")
    checklist.programme, checklist.ticked, checklist.notes = programme, ticked, notes
    checklist.visibility = visibility
    checklist.save()
    record_event(actor, Action.CHANGED, target=checklist, visibility=visibility)
    return checklist


@transaction.atomic
def delete_checklist(actor, checklist: ProgrammeChecklist) -> None:
    """Only the author deletes their checklist."""
    if not checklist.can_edit(actor):
        raise PermissionError("Only the author deletes a checklist.")
    record_event(actor, Action.DELETED, target=checklist)
    checklist.delete()
