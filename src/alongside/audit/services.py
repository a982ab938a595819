from __future__ import annotations

from typing import Any

from django.db import connection, models
from django.db.models import Exists, Func, OuterRef, Q

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
    if target is not None and isinstance(getattr(target, "visibility", None), str):
        # Who could read the record when this happened: a reader sees the event only if
        # they could see the record then (and can now), so sharing a record later never
        # reveals what was done to it while it was private. Content-free: a visibility.
        extra.setdefault("visibility", target.visibility)
    return AuditEvent.objects.create(
        circle=circle,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=str(actor)[:60] if actor is not None and actor.is_authenticated else "",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        extra=extra,
        target_author_id=getattr(target, "author_id", None) if target is not None else None,
    )


def record_view(actor, record) -> AuditEvent:
    """Log that a member opened a personal record."""
    return record_event(actor, Action.VIEWED, target=record)


# Events about the circle itself (its creation, its settings, who joined or left): every
# member sees the circle and its member list, so every member may read these.
CIRCLE_WIDE_ACTIONS = (
    Action.CIRCLE_CREATED,
    Action.SETTINGS_CHANGED,
    Action.JOINED,
    Action.LEFT,
    Action.HANDED_OVER,
    Action.CIRCLE_DELETION_SCHEDULED,
    Action.CIRCLE_DELETION_UNDONE,
)
# Who was invited, removed or given another role: for the organisers who do it and the person.
MEMBERSHIP_ACTIONS = (
    Action.INVITED,
    Action.INVITATION_REVOKED,
    Action.REMOVED,
    Action.ROLE_CHANGED,
    Action.HANDOVER_OFFERED,
)


class _TargetKey(Func):
    """An event's ``target_id`` as the primary key of the record it names, so "is the event's record
    one this member may read" is an index lookup per event looked at (``EXISTS``), not a list of
    every id of a long history. ``record_event`` writes ``str(pk)``: a UUID lowercase with dashes,
    which SQLite stores as 32 hex digits and PostgreSQL as a uuid (cast only for events naming that
    kind of record, so no other event's id is ever read as a uuid)."""

    def __init__(self, target_id, target_type, *, label: str, output_field):
        super().__init__(target_id, target_type, output_field=output_field)
        self.label = label

    def as_sql(self, compiler, connection, **extra_context):
        target_id, params = compiler.compile(self.source_expressions[0])
        target_type, type_params = compiler.compile(self.source_expressions[1])
        return (
            f"CASE WHEN {target_type} = %s THEN CAST({target_id} AS uuid) END",
            [*type_params, self.label, *params],
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        target_id, params = compiler.compile(self.source_expressions[0])
        return f"REPLACE({target_id}, '-', '')", params


def _target_key(model):
    """The event's ``target_id`` as a primary key of ``model``, for a correlated subquery."""
    return _TargetKey(
        OuterRef("target_id"),
        OuterRef("target_type"),
        label=model._meta.label_lower,
        output_field=model._meta.pk,
    )


def _names_a_row_of(manager, *conditions, **lookups):
    """Events whose target is a row of ``model`` matching the conditions (records keyed by UUID, as
    every personal record and the rows read through one are). Built in one ``filter`` call: the
    trail asks this for every kind of record it mentions, on every page."""
    model = manager.model
    rows = manager.filter(*conditions, pk=_target_key(model), **lookups)
    return Q(target_type=model._meta.label_lower) & Exists(rows)


def _personal_record_models():
    from django.apps import apps

    from alongside.circles.records import PersonalRecord

    return [model for model in apps.get_models() if issubclass(model, PersonalRecord)]


def _child_models(parents):
    """Models without a visibility of their own, read through a personal record they point to
    (a ride through its appointment): ``(model, fk name, parent model)``."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        if model in parents:
            continue
        for field in model._meta.get_fields():
            if getattr(field, "many_to_one", False) and field.concrete and field.related_model in parents:
                found.append((model, field.name, field.related_model))
                break
    return found


def _kinds_mentioned(circle, labels: list[str]) -> set[str]:
    """Which of these kinds of record the circle's trail names: one query of one index seek per
    kind (on circle and kind), where a ``DISTINCT`` read every event of a long history."""
    if not labels:
        return set()
    meta, quote = AuditEvent._meta, connection.ops.quote_name
    circle_field = meta.get_field("circle")
    circle_id = circle_field.get_db_prep_value(circle.pk, connection)
    one = (
        f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(meta.db_table)} WHERE {quote(circle_field.column)} = %s"
        f" AND {quote(meta.get_field('target_type').column)} = %s)"
    )
    params: list = []
    for label in labels:
        params += [label, circle_id, label]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join([one] * len(labels)), params)
        return {row[0] for row in cursor.fetchall()}


def trail_for(membership):
    """The events a member may read, newest first.

    - what they did themselves, and everything done to records they wrote (even once deleted);
    - events on records they may read now (by the privacy model), and on rows read through
      such a record (a ride through its appointment); so a record private to someone else
      never shows up, not even as "created", and the person sees every read and change of
      their own records;
    - events about them (their own membership), and about the circle itself;
    - invitations, removals and role changes for organisers and the person;
    - the shared safety plan, for those who may read it.

    An event on a record someone else wrote shows only if the reader could also see the record
    when the event happened (the visibility stored with the event): sharing a record later
    never shares its private past (issue 14: versions are records too).
    """
    from alongside.circles.models import Membership, Role
    from alongside.circles.records import VISIBLE_TO_ROLE, visibility_q

    user, circle = membership.user, membership.circle
    events = AuditEvent.objects.for_circle(circle)
    allowed = (
        Q(actor=user)
        | Q(target_author=user)
        | Q(action__in=CIRCLE_WIDE_ACTIONS, target_type__in=("", "circles.circle", "circles.membership"))
    )
    parents = _personal_record_models()
    # Only the kinds of record this circle's trail mentions (one query), so a circle with few
    # kinds of entries asks about few models.
    all_children = _child_models(parents)
    mentioned = _kinds_mentioned(
        circle, [m._meta.label_lower for m in parents + [c[0] for c in all_children]]
    )
    children = [child for child in all_children if child[0]._meta.label_lower in mentioned]
    # Events recorded before the visibility was stored carry none: judged by today's visibility.
    visible_then = ~Q(extra__has_key="visibility") | Q(
        extra__visibility__in=list(VISIBLE_TO_ROLE.get(membership.role, ()))
    )
    # Each kind's readable records go into the one trail query as a correlated subquery: a circle
    # with ten thousand entries costs no list of ten thousand ids here. What ``visible_to(user)``
    # and ``in_circle(circle)`` select, as one condition built once for every kind.
    readable = visibility_q(user) & Q(circle=circle)
    on_readable = Q()
    for model in parents:
        if model._meta.label_lower in mentioned:
            on_readable |= _names_a_row_of(model.objects, readable)
    if on_readable:
        allowed |= on_readable & visible_then
    for model, fk_name, parent in children:
        rows_read = parent.objects.filter(readable).values("pk")
        allowed |= _names_a_row_of(model._base_manager, **{f"{fk_name}__in": rows_read})
    own_memberships = Membership.objects.filter(circle=circle, user=user).values_list("pk", flat=True)
    allowed |= Q(target_type="circles.membership", target_id__in=[str(pk) for pk in own_memberships])
    if membership.role in (Role.PERSON, Role.ORGANISER):
        allowed |= Q(action__in=MEMBERSHIP_ACTIONS)
    if membership.role != Role.PROFESSIONAL or circle.professionals_may_see:
        allowed |= Q(target_type="safety.safetyplan") | Q(target_type="", extra__has_key="checklist")
        allowed |= Q(target_type="", extra__has_key="trained")
    return events.filter(allowed)
