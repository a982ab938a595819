from __future__ import annotations

from typing import Any

from django.db import models

from alongside.audit.models import Action, AuditEvent


def record_event(
    actor,
    action: str,
    *,
    circle=None,
    target: models.Model | None = None,
    **extra: Any,
) -> AuditEvent:
    """Write one audit row. Call it inside the transaction that makes the change.

    ``extra`` must be content-free (roles, visibilities, counts), never the text a member wrote.
    """
    if circle is None and target is not None:
        circle = getattr(target, "circle", None)
    return AuditEvent.objects.create(
        circle=circle,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=str(actor)[:60] if actor is not None and actor.is_authenticated else "",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        extra=extra,
    )


def record_view(actor, record) -> AuditEvent:
    """Log that a member opened a personal record."""
    return record_event(actor, Action.VIEWED, target=record)


def trail_for(membership):
    """The events a member may read: the person reads everything that happened in the
    circle about them; every other member reads their own actions."""
    from alongside.circles.models import Role

    events = AuditEvent.objects.for_circle(membership.circle)
    if membership.role == Role.PERSON:
        return events
    return events.filter(actor=membership.user)
