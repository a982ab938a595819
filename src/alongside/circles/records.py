"""The privacy model, written once for every kind of personal record.

Every record belongs to a circle, has an author and a visibility:

=================  =====================================================
visibility         who may see it (besides its author)
=================  =====================================================
only me            nobody else
supporters         organisers and supporters (not the person, not professionals)
whole circle       organisers, supporters and the person
also professionals everyone above and the circle's professionals, while the
                   circle allows professionals to see shared records
=================  =====================================================

A member who has left a circle sees nothing of it any more, their own records
included. Views never filter by hand: they call ``Model.objects.visible_to(user)``
or ``get_visible_or_404``; a record someone may not see answers 404.
"""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from alongside.circles.models import Circle, Membership, Role
from alongside.core.forms import RenderedOnceWhenBlank


class Visibility(models.TextChoices):
    ONLY_ME = "only_me", _("Only me")
    SUPPORTERS = "supporters", _("Supporters")
    CIRCLE = "circle", _("The whole circle, including the person")
    PROFESSIONALS = "professionals", _("The whole circle and its professionals")


# Which shared visibilities each role may read. Authors always read their own.
VISIBLE_TO_ROLE: dict[str, tuple[str, ...]] = {
    Role.ORGANISER: (Visibility.SUPPORTERS, Visibility.CIRCLE, Visibility.PROFESSIONALS),
    Role.SUPPORTER: (Visibility.SUPPORTERS, Visibility.CIRCLE, Visibility.PROFESSIONALS),
    Role.PERSON: (Visibility.CIRCLE, Visibility.PROFESSIONALS),
    Role.PROFESSIONAL: (Visibility.PROFESSIONALS,),
}


def default_visibility(role: str) -> str:
    """The most private sensible default: the person's own entries stay theirs until shared."""
    if role in (Role.PERSON, Role.PROFESSIONAL):
        return Visibility.ONLY_ME
    return Visibility.SUPPORTERS


# Inside one circle page (``@circle_view`` opens a scope), the reader's memberships are read once,
# however many record kinds the page lists; any change to a membership or circle empties it.
_memberships_in_scope: ContextVar[dict | None] = ContextVar("memberships_in_scope", default=None)


@contextmanager
def memberships_read_once(known: dict | None = None):
    """Within this block, ``visibility_q`` reads each user's memberships at most once.

    ``known`` maps a user id to memberships already read (all of that user's active ones, as
    ``_memberships_of`` returns them), so a page that has them does not read them again."""
    token = _memberships_in_scope.set(dict(known or {}))
    try:
        yield
    finally:
        _memberships_in_scope.reset(token)


def forget_memberships(**_kwargs) -> None:
    """Signal receiver: a membership or circle changed, so read memberships afresh."""
    scope = _memberships_in_scope.get()
    if scope:
        scope.clear()


def membership_rows(memberships) -> list[tuple]:
    """What ``visibility_q`` needs of each membership (its circle loaded with it)."""
    return [(m.circle_id, m.role, m.circle.professionals_may_see) for m in memberships]


def _memberships_of(user) -> list[tuple]:
    scope = _memberships_in_scope.get()
    if scope is not None and user.pk in scope:
        return scope[user.pk]
    memberships = list(
        Membership.objects.for_user(user).values_list("circle_id", "role", "circle__professionals_may_see")
    )
    if scope is not None:
        scope[user.pk] = memberships
    return memberships


def visibility_q(user, circle_field: str = "circle", author_field: str = "author") -> Q:
    """A Q object selecting what ``user`` may see, for any model with a circle and an author.

    One query reads the user's memberships (once per circle page); the result is a plain ``IN``
    filter, so the record query itself does not grow with the number of circles.
    """
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    memberships = _memberships_of(user)
    if not memberships:
        return Q(pk__in=[])
    member_of = [circle_id for circle_id, _role, _prof in memberships]
    condition = Q(**{f"{author_field}": user, f"{circle_field}__in": member_of})
    for role, visibilities in VISIBLE_TO_ROLE.items():
        circles = [
            cid
            for cid, member_role, professionals_may_see in memberships
            if member_role == role and (role != Role.PROFESSIONAL or professionals_may_see)
        ]
        if circles:
            condition |= Q(**{f"{circle_field}__in": circles, "visibility__in": list(visibilities)})
    return condition


class PersonalRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(visibility_q(user))

    def in_circle(self, circle: Circle):
        return self.filter(circle=circle)


class PersonalRecord(models.Model):
    """Abstract base for anything personal written inside a circle."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    visibility = models.CharField(
        _("who can see this"), max_length=20, choices=Visibility.choices, default=Visibility.SUPPORTERS
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonalRecordQuerySet.as_manager()

    class Meta:
        abstract = True

    # A short, content-free name for the audit trail ("note", "observation").
    audit_label: str = "record"

    def can_edit(self, user) -> bool:
        """Only the author changes or deletes a record; nobody edits someone else's words."""
        return user.is_authenticated and self.author_id == user.pk


def get_visible_or_404(queryset_or_model, user, *, for_edit: bool = False, **lookup):
    """Fetch one record the user may see, or raise 404 (never 403: no hint that it exists).

    ``for_edit``: the record must also be the user's own (only the author changes or deletes
    a record); anyone else gets the same 404 as for a record they cannot see."""
    queryset = queryset_or_model.objects.all() if isinstance(queryset_or_model, type) else queryset_or_model
    try:
        record = queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    if for_edit and not record.can_edit(user):
        raise Http404
    return record


class RecordFormMixin(RenderedOnceWhenBlank):
    """One rule for every form that edits a personal record's visibility.

    A record that already exists shows and keeps its own visibility, whatever ``initial``
    the caller passes; only a new record starts from the author's role default
    (``default_visibility(role)``). Pass ``role=membership.role``; for a plain (non-model)
    form, pass the record being edited as ``record=``.

    A new record's blank form is rendered once and kept (``RenderedOnceWhenBlank``).
    """

    def __init__(self, *args, role: str | None = None, record=None, **kwargs):
        chosen = (kwargs.get("initial") or {}).get("visibility")  # e.g. a call log takes its item's
        super().__init__(*args, **kwargs)
        if "visibility" not in self.fields:
            return
        existing = record if record is not None else getattr(self, "instance", None)
        if existing is not None and not existing._state.adding:
            self.initial["visibility"] = existing.visibility
        elif chosen is None and role is not None:
            self.initial["visibility"] = default_visibility(role)


def readers_of(record) -> list:
    """The users who may read ``record`` now: its author and the circle's members whose role
    the visibility allows (professionals only while the circle lets them). For reminders."""
    circle = record.circle
    readers = []
    for membership in Membership.objects.active().filter(circle_id=record.circle_id).select_related("user"):
        allowed = (
            membership.user_id == record.author_id or record.visibility in VISIBLE_TO_ROLE[membership.role]
        )
        if membership.role == Role.PROFESSIONAL and membership.user_id != record.author_id:
            allowed = allowed and circle.professionals_may_see
        if allowed:
            readers.append(membership.user)
    return readers
