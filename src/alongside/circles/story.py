"""The person's own story: records about the person that change how their story reads.

The recovery count (its start and the days noted on it), the person's goal and their
medications belong to the person. When the person is in the circle, only they change them,
and the members they allowed (``Membership.may_update_persons_records``, set by the person on
their "My records" page). Every change by someone else is kept as a ``RecordChange``: the
person sees who did it and when, and can undo it. Without the person in the circle, organisers
and supporters keep these records with the person's agreement, as before.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from alongside.audit.models import Action
from alongside.audit.services import record_event
from alongside.circles.models import Membership, RecordChange, Role

_people_seen: ContextVar[dict | None] = ContextVar("story_people_seen", default=None)


@contextmanager
def person_read_once():
    """Inside, ``person_in`` reads each circle's person once: a page asks who owns the plan or the
    goal, and who may change it, four or five times, each a query with the person's decrypted
    account. Use it around one request's work, never across a change of membership."""
    token = _people_seen.set({})
    try:
        yield
    finally:
        _people_seen.reset(token)


def person_in(circle) -> Membership | None:
    seen = _people_seen.get()
    if seen is not None and circle.pk in seen:
        return seen[circle.pk]
    person = (
        Membership.objects.active().filter(circle=circle, role=Role.PERSON).select_related("user").first()
    )
    if seen is not None:
        seen[circle.pk] = person
    return person


def may_change_story(membership: Membership) -> bool:
    """Whether this member may change the person's recovery count, goal and medications."""
    if membership.role == Role.PERSON:
        return True
    if person_in(membership.circle) is None:
        return membership.role in (Role.ORGANISER, Role.SUPPORTER)
    return membership.may_update_persons_records


def require_story_access(membership: Membership) -> None:
    """404 (never 403) for a member the person has not allowed."""
    if not may_change_story(membership):
        raise Http404


def _snapshot(record, fields) -> str:
    stored = type(record)._base_manager.get(pk=record.pk)
    return json.dumps({name: record._meta.get_field(name).value_to_string(stored) for name in fields})


def note_change(
    actor, membership: Membership, record, *, fields=(), added: bool = False
) -> RecordChange | None:
    """Keep a change someone other than the person is about to make (call it before saving a
    change, after creating an addition), so the person can see and undo it. The person's own
    changes need no undo; without the person in the circle there is nobody to ask."""
    if membership.role == Role.PERSON or person_in(membership.circle) is None:
        return None
    return RecordChange.objects.create(
        circle=membership.circle,
        target_type=record._meta.label_lower,
        target_id=str(record.pk),
        kind=RecordChange.Kind.ADDED if added else RecordChange.Kind.CHANGED,
        before="" if added else _snapshot(record, fields),
        changed_by=actor,
        changed_by_label=str(actor)[:60],
    )


def changes_for_person(circle):
    """Changes others made to the person's records, newest first, not yet undone."""
    return RecordChange.objects.filter(circle=circle, undone_at__isnull=True).select_related("changed_by")


def changes_to(record):
    """Who changed this record (other than the person), and when, newest first."""
    return RecordChange.objects.filter(
        target_type=record._meta.label_lower, target_id=str(record.pk)
    ).select_related("changed_by")


@transaction.atomic
def undo_change(actor, membership: Membership, change: RecordChange) -> None:
    """The person takes back a change someone else made: an addition is removed, a change is
    set back to what it was before it."""
    if membership.role != Role.PERSON or change.circle_id != membership.circle_id:
        raise PermissionError("Only the person undoes changes to their own records.")
    if change.undone_at is not None:
        return
    model = apps.get_model(change.target_type)
    record = model._base_manager.filter(pk=change.target_id).first()
    if record is not None:
        if change.kind == RecordChange.Kind.ADDED:
            record_event(actor, Action.DELETED, circle=membership.circle, target=record, undone=True)
            record.delete()
        else:
            for name, value in json.loads(change.before or "{}").items():
                field = model._meta.get_field(name)
                setattr(
                    record, field.attname, field.to_python(value) if value != "" or not field.null else None
                )
            record.save()
            record_event(actor, Action.CHANGED, circle=membership.circle, target=record, undone=True)
    change.undone_at = timezone.now()
    change.save(update_fields=["undone_at"])


@transaction.atomic
def set_story_access(actor, membership: Membership, allowed_membership_ids) -> None:
    """The person chooses which members may change their recovery count, goal and medications."""
    if membership.role != Role.PERSON:
        raise PermissionError("Only the person decides who changes their own records.")
    allowed = {str(pk) for pk in allowed_membership_ids}
    others = Membership.objects.active().filter(circle=membership.circle).exclude(pk=membership.pk)
    for other in others:
        wanted = str(other.pk) in allowed
        if other.may_update_persons_records != wanted:
            other.may_update_persons_records = wanted
            other.save(update_fields=["may_update_persons_records"])
    record_event(actor, Action.SETTINGS_CHANGED, circle=membership.circle, story_access=len(allowed))
