"""iCalendar output: one appointment as a download, or a member's private feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import formats
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vRecur

from alongside.care.vtimezone import vtimezone, vtimezone_listed

RRULES = {
    "daily": {"FREQ": "DAILY"},
    "weekdays": {"FREQ": "WEEKLY", "BYDAY": ["MO", "TU", "WE", "TH", "FR"]},
    "weekly": {"FREQ": "WEEKLY"},
}


def drivers_by_appointment(rides) -> dict:
    """{appointment id: [(occurrence start, driver), ...]} from RideOffer rows."""
    found: dict = {}
    for ride in rides:
        found.setdefault(ride.appointment_id, []).append((ride.occurrence_start, ride.driver))
    return found


def _who_drives(appointment, tz: ZoneInfo, drivers: list) -> str:
    """Who drives, in the description (the title stays as it is): one line per occurrence
    with a driver, and whether a ride is still needed."""
    lines = []
    for start, driver in drivers:
        when = formats.date_format(start.astimezone(tz), "SHORT_DATETIME_FORMAT")
        lines.append(_("%(when)s: %(name)s drives") % {"when": when, "name": driver})
    if appointment.needs_ride and not drivers:
        lines.append(_("A ride is needed: no one has offered to drive yet."))
    return "\n".join(lines)


def _event(appointment, tz_name: str, details: bool, drivers: list | None = None) -> Event:
    tz = ZoneInfo(tz_name)
    start = appointment.starts_at.astimezone(tz)
    event = Event()
    event.add("uid", str(appointment.id))
    # DTSTAMP is when the event last changed, so an unchanged event reads the same on every fetch.
    event.add(
        "dtstamp", (appointment.updated_at or appointment.created_at).astimezone(UTC).replace(microsecond=0)
    )
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=appointment.duration_minutes))
    # Neutral unless the member opted in: the title they typed, never the kind of visit.
    event.add(
        "summary", f"{appointment.get_kind_display()}: {appointment.title}" if details else appointment.title
    )
    if appointment.place:
        event.add("location", appointment.place)
    who_drives = _who_drives(appointment, tz, drivers or [])
    if who_drives:
        event.add("description", who_drives)
    rule = RRULES.get(appointment.repeat)
    if rule:
        recur = dict(rule)
        if appointment.repeat_until:
            end_local = datetime.combine(
                appointment.repeat_until, start.timetz().replace(tzinfo=None), tzinfo=tz
            )
            recur["UNTIL"] = end_local.astimezone(ZoneInfo("UTC"))
        event.add("rrule", vRecur(recur))
    return event


def _timezone_block(tz_name: str, first_year: int) -> Timezone:
    """Rules that hold for open-ended repeats (see vtimezone.py); a zone without yearly rules gets
    its transitions listed up to 2100 instead of icalendar's default end in 2038."""
    by_rule = vtimezone(tz_name, first_year)
    return by_rule if by_rule is not None else vtimezone_listed(tz_name, first_year)


def calendar_bytes(
    appointments, tz_name: str, name: str, *, details: bool = False, drivers: dict | None = None
) -> bytes:
    """``details`` off (the default) keeps the app's name and the kind of visit out of the file."""
    calendar = Calendar()
    calendar.add("prodid", "-//Alongside//Appointments//EN" if details else "-//Calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    events = [
        _event(appointment, tz_name, details, (drivers or {}).get(appointment.id))
        for appointment in appointments
    ]
    if events:
        first_year = min(event.decoded("dtstart").year for event in events) - 1
        calendar.add_component(_timezone_block(tz_name, first_year))
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()
