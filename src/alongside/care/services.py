"""State changes for recovery support. Verb first, acting user first, one transaction, audit row inside."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.audit.models import Action
from alongside.audit.services import record_event
from alongside.care import milestones as milestone_maths
from alongside.care import rewards as reward_maths
from alongside.care.models import (
    AdherenceEntry,
    Appointment,
    CalendarFeed,
    DayMark,
    Medication,
    RecoveryStart,
    Repeat,
    RewardGiven,
    RewardOutcome,
    RewardPlan,
    RideOffer,
    new_feed_token,
)
from alongside.care.recurrence import occurrences
from alongside.circles import story
from alongside.circles.models import Membership, Role
from alongside.circles.record_services import delete_record, save_record  # noqa: F401 (re-exported)

# --- Appointments and rides ----------------------------------------------------------------------

# Read only where one appointment is shown on its own page, never in the lists.
UNLISTED_APPOINTMENT_FIELDS = ("notes",)


def in_window(appointments, start: datetime, end: datetime):
    """The appointments that may have an occurrence in [start, end), chosen in SQL: one-off ones
    starting in it, and repeating ones that began before its end and had not stopped before its
    start. ``occurrences`` then finds the exact times. A repeat-until date is on the circle's
    clock, so a day of margin keeps a series that ends on the window's first local day."""
    return appointments.filter(
        Q(repeat=Repeat.NONE, starts_at__gte=start, starts_at__lt=end)
        | (
            ~Q(repeat=Repeat.NONE)
            & Q(starts_at__lt=end)
            & (Q(repeat_until__isnull=True) | Q(repeat_until__gte=start.date() - timedelta(days=1)))
        )
    )


def upcoming(
    appointments, tz_name: str, start: datetime, end: datetime, limit: int | None = None
) -> list[tuple[datetime, Appointment]]:
    """Every occurrence of the given appointments between ``start`` and ``end``, in order (the
    first ``limit`` of them if given).

    One query reads only the appointments that can fall in the window (so a long history costs
    nothing here) with the text the lists show; those rows are about as many as the appointments
    shown, so reading them whole costs less than a second query for the text."""
    found = []
    for appointment in in_window(appointments, start, end).defer(*UNLISTED_APPOINTMENT_FIELDS).order_by():
        for at in occurrences(
            appointment.starts_at,
            tz_name,
            appointment.repeat,
            window_start=start,
            window_end=end,
            repeat_until=appointment.repeat_until,
        ):
            found.append((at, appointment))
    found.sort(key=lambda pair: (pair[0], pair[1].pk))
    return found[:limit] if limit is not None else found


@transaction.atomic
def offer_ride(actor, appointment: Appointment, occurrence_start: datetime) -> RideOffer:
    tz_name = appointment.circle.time_zone
    valid = any(
        at == occurrence_start
        for at in occurrences(
            appointment.starts_at,
            tz_name,
            appointment.repeat,
            window_start=occurrence_start - timedelta(minutes=1),
            window_end=occurrence_start + timedelta(minutes=1),
            repeat_until=appointment.repeat_until,
        )
    )
    if not valid:
        raise ValidationError(_("That appointment does not happen at that time."))
    try:
        with transaction.atomic():
            ride = RideOffer.objects.create(
                appointment=appointment, occurrence_start=occurrence_start, driver=actor
            )
    except IntegrityError as exc:
        raise ValidationError(_("Someone already offered to drive for that one. Thank you anyway.")) from exc
    record_event(actor, Action.CREATED, circle=appointment.circle, target=ride)
    return ride


@transaction.atomic
def withdraw_ride(actor, ride: RideOffer) -> None:
    if ride.driver_id != actor.pk:
        raise PermissionError("Only the driver withdraws an offer.")
    record_event(actor, Action.DELETED, circle=ride.appointment.circle, target=ride)
    ride.delete()


def feed_for(membership: Membership) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(membership=membership)
    return feed


@transaction.atomic
def reset_feed(actor, membership: Membership) -> CalendarFeed:
    feed = feed_for(membership)
    feed.token = new_feed_token()
    feed.save(update_fields=["token", "created_at"])
    record_event(actor, Action.CHANGED, circle=membership.circle, target=feed)
    return feed


@transaction.atomic
def set_feed_details(actor, membership: Membership, *, show_details: bool) -> CalendarFeed:
    """Whether the member's calendar names the app and the kind of visit (off by default)."""
    feed = feed_for(membership)
    feed.show_details = show_details
    feed.save(update_fields=["show_details"])
    record_event(actor, Action.CHANGED, circle=membership.circle, target=feed, show_details=show_details)
    return feed


# --- Medications -----------------------------------------------------------------------------------


def may_record_medication(membership: Membership) -> bool:
    """When the person is in the circle, their medications are theirs to record. Without them,
    supporters may record with the person's agreement (the form asks for it)."""
    if membership.role == Role.PERSON:
        return True
    if membership.role == Role.PROFESSIONAL:
        return False
    return not Membership.objects.active().filter(circle_id=membership.circle_id, role=Role.PERSON).exists()


def may_update_medication(membership: Membership, medication: Medication) -> bool:
    """The author changes a medication; so may a member the person allowed, on the person's own."""
    if medication.can_edit(membership.user):
        return True
    person = story.person_in(membership.circle)
    return (
        person is not None and medication.author_id == person.user_id and story.may_change_story(membership)
    )


@transaction.atomic
def update_persons_medication(actor, membership: Membership, medication: Medication, **fields) -> Medication:
    """A member the person allowed changes the person's medication (never who can see it);
    the change is kept so the person sees it and can undo it."""
    if not may_update_medication(membership, medication):
        raise PermissionError("Only the person, or someone they allowed, changes their medication.")
    story.note_change(actor, membership, medication, fields=tuple(fields))
    for name, value in fields.items():
        setattr(medication, name, value)
    medication.save()
    record_event(actor, Action.CHANGED, target=medication)
    return medication


@transaction.atomic
def log_adherence(
    actor, membership: Membership, medication: Medication, *, day: date, taken: str
) -> AdherenceEntry:
    """Note whether a dose was taken: the person, or a member they allowed (see circles/story.py)."""
    if not story.may_change_story(membership):
        raise PermissionError("Only the person, or someone they allowed, notes this.")
    existing = AdherenceEntry.objects.filter(medication=medication, day=day).first()
    if existing is not None:
        story.note_change(actor, membership, existing, fields=("taken", "recorded_by"))
    entry, created = AdherenceEntry.objects.update_or_create(
        medication=medication, day=day, defaults={"taken": taken, "recorded_by": actor}
    )
    if created:
        story.note_change(actor, membership, entry, added=True)
    record_event(actor, Action.CHANGED, target=medication, adherence=True)
    return entry


# --- Milestones ------------------------------------------------------------------------------------


def may_start_count(membership: Membership) -> bool:
    """The person starts their own count; without them in the circle, an organiser or supporter."""
    if membership.role == Role.PERSON:
        return True
    return story.person_in(membership.circle) is None and membership.role in (Role.ORGANISER, Role.SUPPORTER)


def may_take_back_marks(membership: Membership, start: RecoveryStart) -> bool:
    """The person takes back any day noted on their count; without them, the count's keeper."""
    if membership.role == Role.PERSON:
        return True
    # The cheap test first: the circle's person is looked up only for the count's own keeper.
    return start.author_id == membership.user_id and story.person_in(membership.circle) is None


@transaction.atomic
def mark_day(actor, membership: Membership, start: RecoveryStart, *, day: date, kind: str) -> DayMark:
    """Note a setback or a goal met on the person's count: only the person, or a member they
    allowed (``circles/story.py``). The mark keeps who noted it and when."""
    if not story.may_change_story(membership):
        raise PermissionError("Only the person, or someone they allowed, changes their count.")
    # Day and kind are encrypted at rest, so "one mark of a kind a day" is checked in Python;
    # the start row is locked first so two requests cannot both add the same mark.
    RecoveryStart.objects.select_for_update().filter(pk=start.pk).first()
    mark = next((m for m in start.marks.all() if m.day == day and m.kind == kind), None)
    created = mark is None
    if created:
        mark = DayMark.objects.create(
            start=start, day=day, kind=kind, recorded_by=actor, recorded_at=timezone.now()
        )
    if created:
        story.note_change(actor, membership, mark, added=True)
        # The audit row says the milestones changed, never that it was a setback (a health fact).
        record_event(actor, Action.CHANGED, target=start)
    return mark


@transaction.atomic
def take_back_mark(actor, membership: Membership, mark: DayMark) -> None:
    """The person removes a day noted on their count (by anyone); the days around it count again."""
    if not may_take_back_marks(membership, mark.start):
        raise PermissionError("Only the person takes back a day noted on their count.")
    from alongside.circles.models import RecordChange

    RecordChange.objects.filter(
        target_type=mark._meta.label_lower, target_id=str(mark.pk), undone_at__isnull=True
    ).update(undone_at=timezone.now())
    record_event(actor, Action.CHANGED, target=mark.start, mark=mark.kind, undone=True)
    mark.delete()


def milestone_progress(start: RecoveryStart, today: date) -> milestone_maths.Progress:
    """The count alone, as the care summary shows it: only the setback days are read."""
    setbacks = [m.day for m in start.marks.only("day", "kind") if m.kind == DayMark.Kind.SETBACK]
    return milestone_maths.progress(start.start_date, setbacks, today)


def milestone_summary(start: RecoveryStart, today: date) -> dict:
    """The count as the page shows it. Milestones reached in an earlier stretch stay reached:
    a setback ends a stretch, it never takes back what the days before it achieved."""
    marks = sorted(start.marks.select_related("recorded_by"), key=lambda m: m.day)
    setbacks = [m.day for m in marks if m.kind == DayMark.Kind.SETBACK]
    progress = milestone_maths.progress(start.start_date, setbacks, today)
    run_start = progress.current_start
    past = [s for s in milestone_maths.stretches(start.start_date, setbacks, today) if s.ended_by is not None]
    return {
        "progress": progress,
        "reached": milestone_maths.milestones(run_start, today) if run_start else [],
        "next": milestone_maths.next_milestone(run_start or today, today),
        "goals_met": sum(1 for m in marks if m.kind == DayMark.Kind.GOAL_MET),
        "setbacks": setbacks,
        "past_stretches": list(reversed(past)),
        "marks": sorted(marks, key=lambda m: (m.day, m.recorded_at), reverse=True),
    }


# --- Rewards ---------------------------------------------------------------------------------------


def schedule_of(plan: RewardPlan) -> reward_maths.Schedule:
    return reward_maths.Schedule(
        start_value=plan.start_value,
        step=plan.step,
        max_value=plan.max_value,
        bonus_every=plan.bonus_every,
        bonus=plan.bonus,
        recover_after=plan.recover_after,
        budget=plan.budget,
    )


def ledger(plan: RewardPlan) -> dict:
    outcomes = list(plan.outcomes.all())
    entries = reward_maths.run(schedule_of(plan), [o.success for o in outcomes])
    given = list(plan.given.all())
    earned = entries[-1].total if entries else 0
    handed = sum((g.amount for g in given), start=0)
    return {
        "rows": list(zip(outcomes, entries, strict=True)),
        "given": given,
        "earned": earned,
        "handed": handed,
        "owed": earned - handed,
    }


@transaction.atomic
def record_outcome(actor, plan: RewardPlan, *, day: date, success: bool) -> RewardOutcome:
    outcome = RewardOutcome.objects.create(plan=plan, day=day, success=success, recorded_by=actor)
    record_event(actor, Action.CHANGED, target=plan, outcome="met" if success else "missed")
    return outcome


@transaction.atomic
def record_given(actor, plan: RewardPlan, *, day: date, amount, what: str) -> RewardGiven:
    owed = ledger(plan)["owed"]
    if amount > owed:
        raise ValidationError(_("That is more than has been earned so far (%(owed)s).") % {"owed": owed})
    given = RewardGiven.objects.create(plan=plan, day=day, amount=amount, what=what, recorded_by=actor)
    record_event(actor, Action.CHANGED, target=plan, given=True)
    return given
