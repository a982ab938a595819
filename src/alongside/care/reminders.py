"""What recovery support asks the reminder worker to send: appointments (a day and an hour
before, as each appointment chooses) and rides still unfilled 48 hours before."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta

from django.db.models import Q

from alongside.care.models import Appointment, AppointmentKind, RideOffer
from alongside.care.recurrence import occurrences
from alongside.circles.models import Membership, Role
from alongside.circles.records import readers_of
from alongside.reminders.events import Due, EventType
from alongside.reminders.timing import before

RIDE_NOTICE = timedelta(hours=48)


def appointment_detail(kind: str, at: datetime) -> str:
    """Stored neutral (the kind's code and the moment); put into words when sent."""
    return f"{kind}|{at.isoformat()}"


def appointment_in_words(detail: str, user) -> str:
    """ "Daily dosing at a clinic, Mon 9 Mar, 09:00 (New York (America))": the kind in the active
    language, the moment on the recipient's own clock, with the clock named."""
    from zoneinfo import ZoneInfo

    from django.utils.dateformat import format as date_format

    from alongside.core.zones import is_valid_zone, zone_label

    kind, _sep, moment = detail.partition("|")
    label = AppointmentKind(kind).label
    if not moment:
        return str(label)
    zone = user.time_zone if is_valid_zone(getattr(user, "time_zone", "")) else "UTC"
    local = datetime.fromisoformat(moment).astimezone(ZoneInfo(zone))
    return f"{label}, {date_format(local, 'D j M, H:i')} ({zone_label(zone)})"


def _candidates(now: datetime):
    horizon = now + RIDE_NOTICE + timedelta(hours=1)
    one_off = Q(repeat="none", starts_at__gte=now, starts_at__lte=horizon)
    repeating = (
        ~Q(repeat="none")
        & Q(starts_at__lte=horizon)
        & (Q(repeat_until__isnull=True) | Q(repeat_until__gte=now.date() - timedelta(days=1)))
    )
    return Appointment.objects.filter(one_off | repeating).select_related("circle")


def scan(now: datetime) -> Iterator[Due]:
    for appointment in _candidates(now):
        tz_name = appointment.circle.time_zone
        upcoming = list(
            occurrences(
                appointment.starts_at,
                tz_name,
                appointment.repeat,
                window_start=now,
                window_end=now + RIDE_NOTICE + timedelta(minutes=1),
                repeat_until=appointment.repeat_until,
            )
        )
        if not upcoming:
            continue
        readers = None
        for at in upcoming:
            offsets = []
            if appointment.remind_day_before:
                offsets.append(("1d", before(at, tz_name, days=1)))
            if appointment.remind_hour_before:
                offsets.append(("1h", before(at, tz_name, hours=1)))
            for label, due_at in offsets:
                if due_at <= now < at:
                    readers = readers if readers is not None else readers_of(appointment)
                    for user in readers:
                        yield Due(
                            event_type=EventType.APPOINTMENT,
                            user_id=user.pk,
                            key=f"appt:{appointment.id}:{at.isoformat()}:{label}",
                            due_at=due_at,
                            circle_id=appointment.circle_id,
                            url_name="care:appointment_detail",
                            url_args=(appointment.circle_id, appointment.id),
                            detail=appointment_detail(appointment.kind, at),
                        )
        if appointment.needs_ride:
            filled = set(
                RideOffer.objects.filter(appointment=appointment).values_list("occurrence_start", flat=True)
            )
            for at in upcoming:
                if at in filled or at - RIDE_NOTICE > now:
                    continue
                organisers = Membership.objects.active().filter(
                    circle_id=appointment.circle_id, role=Role.ORGANISER
                )
                for membership in organisers:
                    yield Due(
                        event_type=EventType.RIDE_UNFILLED,
                        user_id=membership.user_id,
                        key=f"ride:{appointment.id}:{at.isoformat()}",
                        due_at=now,
                        circle_id=appointment.circle_id,
                        url_name="care:rides_week",
                        url_args=(appointment.circle_id,),
                    )


def scan_milestones(now: datetime) -> Iterator[Due]:
    """A milestone reached today, in the circle's calendar, for everyone who may see the record.

    Due at once on the day itself; the key names the streak and the milestone, so a later
    tick on the same day, or a restart of the worker, never sends it twice."""
    from zoneinfo import ZoneInfo

    from alongside.care import milestones as milestone_maths
    from alongside.care.models import DayMark, RecoveryStart

    for start in RecoveryStart.objects.select_related("circle").prefetch_related("marks"):
        today = now.astimezone(ZoneInfo(start.circle.time_zone)).date()
        setbacks = sorted(m.day for m in start.marks.all() if m.kind == DayMark.Kind.SETBACK)
        run_start = milestone_maths.progress(start.start_date, setbacks, today).current_start
        if run_start is None:
            continue
        for milestone in milestone_maths.milestones(run_start, today):
            if milestone.on != today:
                continue
            for user in readers_of(start):
                yield Due(
                    event_type=EventType.MILESTONE,
                    user_id=user.pk,
                    key=f"milestone:{start.id}:{run_start.isoformat()}:{milestone.label_key}{milestone.amount}",
                    due_at=now,
                    circle_id=start.circle_id,
                    url_name="care:milestones",
                    url_args=(start.circle_id,),
                )


# --- Medications and routines ---------------------------------------------------------------------

MEDICATION_REMINDER_AT = time(9, 0)  # on the circle's clock, the day before
ROUTINE_WINDOW = timedelta(minutes=30)  # a routine reminder not sent within this window is skipped


def _medication_recipients(medication) -> list:
    """The person (when a member who may see it), the members they chose (while they may see it),
    and the author when the person is not a member."""
    readers = {user.pk: user for user in readers_of(medication)}
    person = (
        Membership.objects.active()
        .filter(circle_id=medication.circle_id, role=Role.PERSON)
        .select_related("user")
        .first()
    )
    chosen = [readers[pk] for pk in medication.remind_members.values_list("pk", flat=True) if pk in readers]
    first = (
        [person.user]
        if person and person.user_id in readers
        else [medication.author]
        if medication.author_id
        else []
    )
    return list({user.pk: user for user in first + chosen}.values())


def scan_medications(now: datetime) -> Iterator[Due]:
    """A pick-up tomorrow, and the last day of take-home doses tomorrow: due at 09:00 the day before,
    on the circle's clock, until the day itself is over."""
    from zoneinfo import ZoneInfo

    from alongside.care.models import Medication

    horizon = now.date() + timedelta(days=2)
    soon = Q(next_pickup__gte=now.date() - timedelta(days=1), next_pickup__lte=horizon) | Q(
        take_home_until__gte=now.date() - timedelta(days=1), take_home_until__lte=horizon
    )
    for medication in Medication.objects.filter(soon).select_related("circle", "author"):
        tz = ZoneInfo(medication.circle.time_zone)
        today = now.astimezone(tz).date()
        for event_type, day, label in (
            (EventType.MEDICATION_PICKUP, medication.next_pickup, "pickup"),
            (EventType.TAKE_HOME_ENDS, medication.take_home_until, "take_home"),
        ):
            if day is None or not today <= day:
                continue
            due_at = datetime.combine(day - timedelta(days=1), MEDICATION_REMINDER_AT, tzinfo=tz)
            if due_at > now:
                continue
            for user in _medication_recipients(medication):
                yield Due(
                    event_type=event_type,
                    user_id=user.pk,
                    key=f"med:{medication.id}:{label}:{day.isoformat()}",
                    due_at=due_at,
                    circle_id=medication.circle_id,
                    url_name="care:medication_detail",
                    url_args=(medication.circle_id, medication.id),
                    detail=f"{medication.kind}|{day.isoformat()}",
                )


def medication_in_words(detail: str, user) -> str:
    """ "Methadone, Tuesday 10 March": the medication and the day, in the active language."""
    from datetime import date

    from django.utils.dateformat import format as date_format

    from alongside.care.models import MedicationKind

    kind, _sep, day = detail.partition("|")
    return f"{MedicationKind(kind).label}, {date_format(date.fromisoformat(day), 'l j F')}"


def scan_routines(now: datetime) -> Iterator[Due]:
    """A routine line with a reminder, each day at its time on the circle's clock, to its author."""
    from zoneinfo import ZoneInfo

    from alongside.care.models import RoutineItem

    for item in RoutineItem.objects.filter(remind=True).select_related("circle"):
        tz = ZoneInfo(item.circle.time_zone)
        local_now = now.astimezone(tz)
        due_at = datetime.combine(local_now.date(), item.at, tzinfo=tz)
        if not due_at <= now < due_at + ROUTINE_WINDOW:
            continue
        yield Due(
            event_type=EventType.ROUTINE,
            user_id=item.author_id,
            key=f"routine:{item.id}:{local_now.date().isoformat()}",
            due_at=due_at,
            circle_id=item.circle_id,
            url_name="care:habits",
            url_args=(item.circle_id,),
            detail=item.at.strftime("%H:%M"),  # never the routine's own words: they stay encrypted
        )
