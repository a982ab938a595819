"""What recovery support asks the reminder worker to send: appointments (a day and an hour
before, as each appointment chooses) and rides still unfilled 48 hours before."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.db.models import Q

from alongside.care.models import Appointment, RideOffer
from alongside.care.recurrence import occurrences
from alongside.circles.models import Membership, Role
from alongside.circles.records import readers_of
from alongside.reminders.events import Due, EventType
from alongside.reminders.timing import before

RIDE_NOTICE = timedelta(hours=48)


def _candidates(now: datetime):
    horizon = now + RIDE_NOTICE + timedelta(hours=1)
    one_off = Q(repeat="none", starts_at__gte=now, starts_at__lte=horizon)
    repeating = ~Q(repeat="none") & Q(starts_at__lte=horizon) & (
        Q(repeat_until__isnull=True) | Q(repeat_until__gte=now.date() - timedelta(days=1))
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
                            detail=appointment.get_kind_display(),
                        )
        if appointment.needs_ride:
            filled = set(RideOffer.objects.filter(appointment=appointment).values_list("occurrence_start", flat=True))
            for at in upcoming:
                if at in filled or at - RIDE_NOTICE > now:
                    continue
                organisers = Membership.objects.active().filter(circle_id=appointment.circle_id, role=Role.ORGANISER)
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
        setbacks = [m.day for m in start.marks.all() if m.kind == DayMark.Kind.SETBACK]
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
