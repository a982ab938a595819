"""Leaving for good: deleting an account, handing a circle over, deleting a circle.

What an account deletion removes, and why it is really gone:

- every record the member wrote that only they could see, with the rows attached to it;
- their shared records too, unless they choose to leave them in the circle as "a former member"
  (the author is cleared; the text stays, as the circle knew it);
- what they wrote on other members' records (a boundary test, an outcome, a reward given), by the
  same choice;
- reminders that point at a deleted record, for every member (a reminder's detail may quote it);
- their reminders, preferences, push subscriptions, memberships, exports, sessions and the account;
- their name in the audit trail: the events stay (who did what is part of the circle's history)
  but read "a former member", and an audit row never held the text anyway.

On SQLite, ``secure_delete`` (settings) overwrites freed pages, and a checkpoint after the
deletion empties the ``-wal`` file, so the words are not left in the files either.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.audit.models import Action, AuditEvent
from alongside.audit.services import record_event
from alongside.circles.models import Circle, Membership, Role
from alongside.circles.records import PersonalRecord, Visibility

FORMER_MEMBER = "a former member"
KEEP_SHARED, DELETE_SHARED = "keep", "delete"


class DeletionRefused(Exception):
    """The account cannot go yet (the message says why, for the member)."""


def _record_models() -> list:
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("alongside.") and issubclass(m, PersonalRecord)
    ]


def _rows_written_on_others(user) -> list[tuple[type, models.QuerySet]]:
    """Rows attached to a record (not records themselves) that `user` recorded: a boundary test,
    an outcome, a reward given, an adherence entry, a plan version."""
    records = set(_record_models())
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("alongside.") or model in records:
            continue
        parent = next(
            (
                f
                for f in model._meta.concrete_fields
                if isinstance(f, models.ForeignKey) and f.related_model in records
            ),
            None,
        )
        if parent is None:
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.ForeignKey) and f.related_model is type(user) and f.null:
                found.append((model, f.name, model.objects.filter(**{f.name: user})))
    return found


def sole_organiser_circles(user) -> list[Circle]:
    """Circles the member organises alone and has not asked to delete: they must hand them over first."""
    from alongside.mydata.models import CircleDeletion

    pending = CircleDeletion.objects.values("circle_id")
    circles = []
    for membership in (
        Membership.objects.for_user(user).filter(role=Role.ORGANISER).exclude(circle_id__in=pending)
    ):
        others = Membership.objects.active().filter(circle_id=membership.circle_id, role=Role.ORGANISER)
        if not others.exclude(user=user).exists():
            circles.append(membership.circle)
    return circles


@dataclass
class DeletionPreview:
    private: dict[str, int] = field(default_factory=dict)  # kind label -> count of "only me" records
    shared: dict[str, int] = field(default_factory=dict)  # kind label -> count of shared records
    reminders: int = 0
    push_subscriptions: int = 0
    circles: list[Circle] = field(default_factory=list)
    blocking: list[Circle] = field(default_factory=list)

    @property
    def shared_total(self) -> int:
        return sum(self.shared.values())


def preview_account_deletion(user) -> DeletionPreview:
    preview = DeletionPreview()
    for model in _record_models():
        label = str(model._meta.verbose_name_plural)
        mine = model.objects.filter(author=user)
        private = mine.filter(visibility=Visibility.ONLY_ME).count()
        shared = mine.exclude(visibility=Visibility.ONLY_ME).count()
        if private:
            preview.private[label] = preview.private.get(label, 0) + private
        if shared:
            preview.shared[label] = preview.shared.get(label, 0) + shared
    preview.reminders = user.reminders.count()
    preview.push_subscriptions = user.push_subscriptions.count()
    preview.circles = [m.circle for m in Membership.objects.for_user(user).select_related("circle")]
    preview.blocking = sole_organiser_circles(user)
    return preview


def _forget_reminders_about(record_ids: list[str]) -> None:
    from alongside.reminders.models import Reminder

    for record_id in record_ids:
        Reminder.objects.filter(key__contains=record_id).delete()


def delete_account(user, *, shared: str) -> dict[str, int]:
    """Delete `user` and their data; `shared` is KEEP_SHARED or DELETE_SHARED for their shared records."""
    if shared not in (KEEP_SHARED, DELETE_SHARED):
        raise ValueError(shared)
    if sole_organiser_circles(user):
        raise DeletionRefused(
            _("Hand over or delete the circles you organise alone before you delete your account.")
        )
    counts = {"deleted": 0, "kept": 0}
    with transaction.atomic():
        circle_ids = set(Membership.objects.filter(user=user).values_list("circle_id", flat=True))
        removed_ids: list[str] = []
        for model in _record_models():
            mine = model.objects.filter(author=user)
            to_delete = mine if shared == DELETE_SHARED else mine.filter(visibility=Visibility.ONLY_ME)
            removed_ids += [str(pk) for pk in to_delete.values_list("pk", flat=True)]
            counts["deleted"] += to_delete.count()
            to_delete.delete()
            if shared == KEEP_SHARED:
                counts["kept"] += mine.update(author=None)
        for _model, field_name, rows in _rows_written_on_others(user):
            if shared == DELETE_SHARED:
                rows.delete()
            else:
                rows.update(**{field_name: None})
        _forget_reminders_about(removed_ids)
        from alongside.mydata.services import delete_export_files

        delete_export_files(user)
        AuditEvent.objects.filter(actor=user).update(actor=None, actor_label=FORMER_MEMBER)
        for circle_id in circle_ids:
            AuditEvent.objects.create(
                circle_id=circle_id, actor=None, actor_label=FORMER_MEMBER, action=Action.ACCOUNT_DELETED
            )
        end_sessions_of(user)
        user.delete()
    checkpoint_sqlite()
    return counts


def end_sessions_of(user) -> None:
    """Every session of the member ends (allauth's user sessions, or a scan of the session table)."""
    from django.contrib.sessions.models import Session

    if apps.is_installed("allauth.usersessions"):
        from allauth.usersessions.models import UserSession

        keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
        Session.objects.filter(session_key__in=keys).delete()
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()


def checkpoint_sqlite() -> None:
    """Fold the -wal file into the database and empty it, so deleted words do not linger there."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# --- Handing a circle over ---------------------------------------------------------------------


@transaction.atomic
def offer_handover(actor, circle: Circle, to_user) -> None:
    from alongside.mydata.models import HandoverOffer

    mine = Membership.objects.for_user(actor).filter(circle=circle, role=Role.ORGANISER).first()
    theirs = Membership.objects.for_user(to_user).filter(circle=circle, role=Role.SUPPORTER).first()
    if mine is None or theirs is None:
        raise DeletionRefused(_("Only an organiser can hand a circle over, and only to a supporter in it."))
    HandoverOffer.objects.filter(circle=circle).delete()
    offer = HandoverOffer.objects.create(circle=circle, offered_by=actor, offered_to=to_user)
    record_event(actor, Action.HANDOVER_OFFERED, circle=circle, target=offer)


@transaction.atomic
def accept_handover(actor, offer) -> None:
    """The supporter becomes organiser; the one who offered becomes a supporter."""
    if offer.offered_to_id != actor.pk:
        raise DeletionRefused(_("This offer is for someone else."))
    theirs = Membership.objects.for_user(actor).filter(circle=offer.circle).first()
    if theirs is None:
        raise DeletionRefused(_("You are no longer in this circle."))
    theirs.role = Role.ORGANISER
    theirs.save(update_fields=["role"])
    previous = (
        Membership.objects.for_user(offer.offered_by).filter(circle=offer.circle, role=Role.ORGANISER).first()
    )
    if previous is not None:
        previous.role = Role.SUPPORTER
        previous.save(update_fields=["role"])
    record_event(actor, Action.HANDED_OVER, circle=offer.circle, target=theirs)
    offer.delete()


@transaction.atomic
def decline_handover(actor, offer) -> None:
    if offer.offered_to_id != actor.pk and offer.offered_by_id != actor.pk:
        raise DeletionRefused(_("This offer is for someone else."))
    offer.delete()


# --- Deleting a circle, with a grace period -----------------------------------------------------


@transaction.atomic
def schedule_circle_deletion(actor, circle: Circle):
    from alongside.mydata.models import CircleDeletion

    if not Membership.objects.for_user(actor).filter(circle=circle, role=Role.ORGANISER).exists():
        raise DeletionRefused(_("Only an organiser can delete a circle."))
    deletion, _created = CircleDeletion.objects.get_or_create(circle=circle, defaults={"requested_by": actor})
    record_event(actor, Action.CIRCLE_DELETION_SCHEDULED, circle=circle)
    return deletion


@transaction.atomic
def undo_circle_deletion(actor, circle: Circle) -> None:
    from alongside.mydata.models import CircleDeletion

    if not Membership.objects.for_user(actor).filter(circle=circle, role=Role.ORGANISER).exists():
        raise DeletionRefused(_("Only an organiser can keep a circle."))
    CircleDeletion.objects.filter(circle=circle).delete()
    record_event(actor, Action.CIRCLE_DELETION_UNDONE, circle=circle)


def purge_deleted_circles(now) -> int:
    """Remove every circle whose grace period has ended, with every record of it. Returns the count.

    Records, memberships, reminders and the circle's audit trail go with the circle (they cascade);
    one account-level audit row per former member says a circle was deleted, and nothing more."""
    from datetime import timedelta

    from alongside.mydata.models import CIRCLE_DELETION_GRACE_DAYS, CircleDeletion
    from alongside.reminders.models import Reminder

    purged = 0
    for deletion in CircleDeletion.objects.filter(
        requested_at__lte=now - timedelta(days=CIRCLE_DELETION_GRACE_DAYS)
    ):
        with transaction.atomic():
            circle = deletion.circle
            member_ids = list(Membership.objects.filter(circle=circle).values_list("user_id", flat=True))
            record_ids = []
            for model in _record_models():
                record_ids += [
                    str(pk) for pk in model.objects.filter(circle=circle).values_list("pk", flat=True)
                ]
                model.objects.filter(circle=circle).delete()
            _forget_reminders_about(record_ids)
            Reminder.objects.filter(circle=circle).delete()
            circle.delete()
            record_event(deletion.requested_by, Action.CIRCLE_DELETED, members=len(set(member_ids)))
        purged += 1
    if purged:
        checkpoint_sqlite()
    return purged


def scan_circle_deletions(now):
    """A reminder scanner in name only: the worker's tick calls it every minute."""
    purge_deleted_circles(now)
    return []
