"""State changes for the shortlist and the call log, each with its audit row."""

from __future__ import annotations

from django.db import transaction

from alongside.audit.models import Action
from alongside.audit.services import record_event
from alongside.directory.models import CallLog, Facility, ShortlistItem, ShortlistKind


@transaction.atomic
def add_to_shortlist(
    actor,
    circle,
    *,
    kind: str,
    ref: str,
    name: str,
    phone: str = "",
    address: str = "",
    url: str = "",
    visibility: str,
) -> ShortlistItem:
    """Save a facility or a meeting to the circle's shortlist, with a copy of its details.

    For a facility we know, the copy comes from the directory rather than from the form.
    Saving the same thing twice (same author, kind and reference) returns the first item.
    """
    if kind not in ShortlistKind.values:
        raise ValueError(f"unknown kind {kind!r}")
    if kind == ShortlistKind.FACILITY:
        facility = Facility.objects.filter(pk=ref).first() if _is_uuid(ref) else None
        if facility is not None:
            name, phone, address, url = facility.name, facility.phone, facility.address, facility.website
    if url and not is_web_url(url):
        url = ""
    # The reference is encrypted at rest: compare it in Python among this author's items.
    same_kind = ShortlistItem.objects.filter(circle=circle, author=actor, kind=kind).order_by("created_at")
    existing = next((item for item in same_kind if item.ref == str(ref)[:200]), None)
    if existing is not None:
        return existing
    item = ShortlistItem.objects.create(
        circle=circle,
        author=actor,
        visibility=visibility,
        kind=kind,
        ref=str(ref)[:200],
        name=name[:300],
        phone=phone[:60],
        address=address[:400],
        url=url[:500],
    )
    record_event(actor, Action.CREATED, target=item, visibility=visibility)
    return item


def is_web_url(url: str) -> bool:
    """Only ``http``/``https`` addresses are kept as links: ``javascript:``, ``data:`` and the
    like would run or show something in the reader's browser when followed."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@transaction.atomic
def update_shortlist_item(actor, item: ShortlistItem, *, notes: str, visibility: str) -> ShortlistItem:
    """Change the notes or who can see an item (its author only)."""
    if not item.can_edit(actor):
        raise PermissionError("Only the author changes a shortlist item.")
    item.notes, item.visibility = notes, visibility
    item.save()
    record_event(actor, Action.CHANGED, target=item, visibility=visibility)
    return item


@transaction.atomic
def remove_from_shortlist(actor, item: ShortlistItem) -> None:
    """Take an item (and its calls) off the shortlist (its author only)."""
    if not item.can_edit(actor):
        raise PermissionError("Only the author removes a shortlist item.")
    record_event(actor, Action.DELETED, target=item)
    item.delete()


@transaction.atomic
def log_call(
    actor,
    item: ShortlistItem,
    *,
    called_at,
    outcome: str,
    waiting_list: str = "",
    cost: str = "",
    intake_steps: str = "",
    notes: str = "",
    visibility: str,
) -> CallLog:
    """Record who called (the actor), when, and what they learned."""
    call = CallLog.objects.create(
        circle=item.circle,
        author=actor,
        visibility=visibility,
        item=item,
        called_at=called_at,
        outcome=outcome,
        waiting_list=waiting_list,
        cost=cost,
        intake_steps=intake_steps,
        notes=notes,
    )
    record_event(actor, Action.CREATED, target=call, visibility=visibility)
    return call


@transaction.atomic
def delete_call(actor, call: CallLog) -> None:
    """Remove a call from the log (its author only)."""
    if not call.can_edit(actor):
        raise PermissionError("Only the author deletes a call.")
    record_event(actor, Action.DELETED, target=call)
    call.delete()
