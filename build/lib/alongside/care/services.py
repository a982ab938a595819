"""State changes for recovery support. Verb first, acting user first, one transaction, audit row inside."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
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
    RewardGiven,
    RewardOutcome,
    RewardPlan,
    RideOffer,
    new_feed_token,
)
from alongside.care.recurrence import occurrences
from alongside.circles.models import Membership, Role
from alongside.circles.record_services import delete_record, save_record  # noqa: F401 (re-exported)

# --- Appointments and rides ----------------------------------------------------------------------


def upcoming(appointments, tz_name: str, start: datetime, end: datetime) -> list[tuple[datetime, Appointment]]:
    """Every occurrence of the given appointments between ``start`` and ``end``, in order."""
    found = []
    for appointment in appointments:
        for at in occurrences(
            appointment.starts_at,
            tz_name,
            appointment.repeat,
            window_start=start,
            window_end=end,
            repeat_until=appointment.repeat_until,
        ):
            found.append((at, appointment))
    return sorted(found, key=lambda pair: pair[0])


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
            ride = RideOffer.objects.create(appointment=appointment, occurrence_start=occurrence_start, driver=actor)
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


# --- Medications -----------------------------------------------------------------------------------


def may_record_medication(membership: Membership) -> bool:
    """When the person is in the circle, their medications are theirs to record. Without them,
    supporters may record with the person's agreement (the form asks for it)."""
    if membership.role == Role.PERSON:
        return True
    if membership.role == Role.PROFESSIONAL:
        return False
    return not Membership.objects.active().filter(circle_id=membership.circle_id, role=Role.PERSON).exists()


@transaction.atomic
def log_adherence(actor, medication: Medication, *, day: date, taken: str) -> AdherenceEntry:
    entry, _created = AdherenceEntry.objects.update_or_create(
        medication=medication, day=day, defaults={"taken": taken, "recorded_by": actor}
    )
    record_event(actor, Action.CHANGED, target=medication, adherence=True)
    return entry


# --- Milestones ------------------------------------------------------------------------------------


@transaction.atomic
def mark_day(actor, start: RecoveryStart, *, day: date, kind: str) -> DayMark:
    mark, _created = DayMark.objects.get_or_create(start=start, day=day, kind=kind)
    record_event(actor, Action.CHANGED, target=start, mark=kind)
    return mark


def milestone_summary(start: RecoveryStart, today: date) -> dict:
    marks = list(start.marks.all())
    setbacks = [m.day for m in marks if m.kind == DayMark.Kind.SETBACK]
    progress = milestone_maths.progress(start.start_date, setbacks, today)
    run_start = progress.current_start
    return {
        "progress": progress,
        "reached": milestone_maths.milestones(run_start, today) if run_start else [],
        "next": milestone_maths.next_milestone(run_start or today, today),
        "goals_met": sum(1 for m in marks if m.kind == DayMark.Kind.GOAL_MET),
        "setbacks": setbacks,
    }


def local_today(circle) -> date:
    from zoneinfo import ZoneInfo

    return timezone.now().astimezone(ZoneInfo(circle.time_zone)).date()


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
    return {"rows": list(zip(outcomes, entries, strict=True)), "given": given, "earned": earned, "handed": handed, "owed": earned - handed}


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
