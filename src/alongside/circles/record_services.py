"""Saving and deleting any personal record, with its audit row, in one transaction.

Apps whose records need nothing more than this re-export these from their own ``services.py``.
"""

from __future__ import annotations

from django.db import transaction

from alongside.audit.models import Action
from alongside.audit.services import record_event


@transaction.atomic
def save_record(actor, record, *, created: bool):
    """Save a record written through a form; only its author changes it afterwards."""
    if not created and not record.can_edit(actor):
        raise PermissionError("Only the author changes this.")
    record.save()
    record_event(
        actor, Action.CREATED if created else Action.CHANGED, target=record, visibility=record.visibility
    )
    return record


@transaction.atomic
def delete_record(actor, record) -> None:
    """Delete a record its author wrote (rows that hang off it go with it)."""
    if not record.can_edit(actor):
        raise PermissionError("Only the author deletes this.")
    record_event(actor, Action.DELETED, target=record)
    record.delete()
