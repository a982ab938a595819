"""Changes of state for the journal, each in one transaction with its audit row (never the text),
and the read helpers the circle home and the reminders share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from alongside.audit.models import Action
from alongside.audit.services import record_event
from alongside.circles.records import PersonalRecord, Visibility
from alongside.core.zones import local_today, zone
from alongside.journal.models import (
    CheckIn,
    Contact,
    JournalSettings,
    SelfCarePlan,
    no_contact_days_for,
)


@transaction.atomic
def save_entry(actor, record: PersonalRecord, *, created: bool) -> PersonalRecord:
    """Save an observation or a contact written by ``actor`` (only the author changes a record)."""
    if created:
        record.author = actor
    elif not record.can_edit(actor):
        raise PermissionError("Only the author changes a journal entry.")
    record.save()
    record_event(
        actor, Action.CREATED if created else Action.CHANGED, target=record, visibility=record.visibility
    )
    return record


@transaction.atomic
def delete_entry(actor, record: PersonalRecord) -> None:
    """Delete one of the actor's own journal entries."""
    if not record.can_edit(actor):
        raise PermissionError("Only the author deletes a journal entry.")
    record_event(actor, Action.DELETED, target=record)
    record.delete()


@transaction.atomic
def record_contact(
    actor, circle, *, how: str, visibility: str, at: datetime | None = None, **details
) -> Contact:
    """The one-tap contact: now, by the actor, in the way chosen."""
    contact = Contact(
        circle=circle,
        author=actor,
        how=how,
        visibility=visibility,
        contacted_at=at or timezone.now(),
        **details,
    )
    contact.save()
    record_event(actor, Action.CREATED, target=contact, visibility=visibility)
    return contact


@transaction.atomic
def set_no_contact_days(actor, circle, days: int) -> JournalSettings:
    """An organiser sets after how many days without contact the circle sees a notice."""
    settings, _created = JournalSettings.objects.get_or_create(circle=circle)
    settings.no_contact_days = days
    settings.full_clean()
    settings.save()
    record_event(actor, Action.SETTINGS_CHANGED, circle=circle, setting="no_contact_days", value=days)
    return settings


@transaction.atomic
def save_check_in(actor, check_in: CheckIn, *, created: bool = True) -> CheckIn:
    """Save a private check-in. It is always *only me*, whatever was passed."""
    if created:
        check_in.author = actor
    elif not check_in.can_edit(actor):
        raise PermissionError("Only the author changes a check-in.")
    check_in.visibility = Visibility.ONLY_ME
    check_in.save()
    record_event(actor, Action.CREATED if created else Action.CHANGED, target=check_in)
    return check_in


def own_plan(user, circle, visible: Q | None = None) -> SelfCarePlan | None:
    """``visible`` is ``visibility_q(user)`` when the caller has read it already."""
    plans = (
        SelfCarePlan.objects.filter(visible) if visible is not None else SelfCarePlan.objects.visible_to(user)
    )
    return plans.filter(circle=circle, author=user).first()


@transaction.atomic
def save_plan(actor, plan: SelfCarePlan) -> SelfCarePlan:
    """Save the actor's own self-care plan (one per member and circle, never shared)."""
    created = plan._state.adding
    if created:
        plan.author = actor
    elif not plan.can_edit(actor):
        raise PermissionError("Only the author changes a self-care plan.")
    plan.visibility = Visibility.ONLY_ME
    plan.save()
    record_event(actor, Action.CREATED if created else Action.CHANGED, target=plan)
    return plan


# --- Contact status -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactStatus:
    last: Contact | None
    days_since: int | None  # whole calendar days in the circle's time zone
    threshold: int

    @property
    def notice(self) -> bool:
        return self.days_since is not None and self.days_since >= self.threshold


def days_between(earlier: datetime, now: datetime, tz_name: str) -> int:
    """Calendar days from ``earlier`` to ``now`` as the circle's clock shows them: a contact late on
    Monday evening and a look on Thursday morning are three days apart, whatever UTC says."""
    tz = zone(tz_name)
    return (now.astimezone(tz).date() - earlier.astimezone(tz).date()).days


def contact_status(
    user, circle, now: datetime | None = None, threshold: int | None = None, visible: Q | None = None
) -> ContactStatus:
    """The last contact the user may see in the circle, and whether the circle's notice is due.
    ``visible`` is ``visibility_q(user)`` when the caller has read it already."""
    now = now or timezone.now()
    threshold = threshold if threshold is not None else no_contact_days_for(circle)
    contacts = Contact.objects.filter(visible) if visible is not None else Contact.objects.visible_to(user)
    # The notice shows when and how, and how they seemed: the rest is not read (nor decrypted).
    last = contacts.in_circle(circle).defer("who", "place", "notes").order_by("-contacted_at").first()
    days = days_between(last.contacted_at, now, circle.time_zone) if last else None
    return ContactStatus(last=last, days_since=days, threshold=threshold)


def last_contact_times(circle) -> tuple[datetime | None, dict[int, datetime]]:
    """For the reminder scanner in one query: the last shared contact, and each author's last
    private one (a member's own *only me* contact counts for them alone)."""
    shared: datetime | None = None
    own: dict[int, datetime] = {}
    rows = (
        Contact.objects.filter(circle=circle)
        .values("author_id", "visibility")
        .annotate(last=Max("contacted_at"))
    )
    for row in rows:
        if row["visibility"] == Visibility.ONLY_ME:
            if row["author_id"] is not None:
                own[row["author_id"]] = max(row["last"], own.get(row["author_id"], row["last"]))
        elif row["visibility"] in (Visibility.SUPPORTERS, Visibility.CIRCLE, Visibility.PROFESSIONALS):
            shared = row["last"] if shared is None else max(shared, row["last"])
    return shared, own


@transaction.atomic
def check_in_for_day(actor, circle, form_check_in: CheckIn) -> tuple[CheckIn, bool]:
    """Save a check-in; a second one on the same day updates that day's instead of adding
    another. Returns the saved check-in and whether an earlier one was updated."""
    existing = own_check_ins(actor, circle).filter(checked_on=form_check_in.checked_on).first()
    if existing is None:
        form_check_in.circle = circle
        return save_check_in(actor, form_check_in), False
    for field in ("stress", "sleep", "mood", "had_support", "note"):
        setattr(existing, field, getattr(form_check_in, field))
    return save_check_in(actor, existing, created=False), True


def own_check_ins(user, circle, visible: Q | None = None):
    """``visible`` is ``visibility_q(user)`` when the caller has read it already."""
    check_ins = CheckIn.objects.filter(visible) if visible is not None else CheckIn.objects.visible_to(user)
    return check_ins.filter(circle=circle, author=user)


def latest_check_ins(user, circle, visible: Q | None = None, count: int = 12) -> list[CheckIn]:
    """The member's own latest check-ins, newest day first (at most one a day)."""
    return list(own_check_ins(user, circle, visible)[:count])


def today_for(user) -> date:
    return local_today(getattr(user, "time_zone", None))
