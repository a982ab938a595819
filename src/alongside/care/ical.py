"""iCalendar output: one appointment as a download, or a member's private feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vRecur

from alongside.care.vtimezone import vtimezone, vtimezone_listed

RRULES = {
    "daily": {"FREQ": "DAILY"},
    "weekdays": {"FREQ": "WEEKLY", "BYDAY": ["MO", "TU", "WE", "TH", "FR"]},
    "weekly": {"FREQ": "WEEKLY"},
}


def _event(appointment, tz_name: str) -> Event:
    tz = ZoneInfo(tz_name)
    start = appointment.starts_at.astimezone(tz)
    event = Event()
    event.add("uid", f"{appointment.id}@alongside")
    # DTSTAMP is when the event last changed, so an unchanged event reads the same on every fetch.
    event.add("dtstamp", (appointment.updated_at or appointment.created_at).astimezone(UTC).replace(microsecond=0))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=appointment.duration_minutes))
    event.add("summary", f"{appointment.get_kind_display()}: {appointment.title}")
    if appointment.place:
        event.add("location", appointment.place)
    rule = RRULES.get(appointment.repeat)
    if rule:
        recur = dict(rule)
        if appointment.repeat_until:
            end_local = datetime.combine(appointment.repeat_until, start.timetz().replace(tzinfo=None), tzinfo=tz)
            recur["UNTIL"] = end_local.astimezone(ZoneInfo("UTC"))
        event.add("rrule", vRecur(recur))
    return event


def _timezone_block(tz_name: str, first_year: int) -> Timezone:
    """Rules that hold for open-ended repeats (see vtimezone.py); a zone without yearly rules gets
    its transitions listed up to 2100 instead of icalendar's default end in 2038."""
    by_rule = vtimezone(tz_name, first_year)
    return by_rule if by_rule is not None else vtimezone_listed(tz_name, first_year)


def calendar_bytes(appointments, tz_name: str, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Alongside//Appointments//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    events = [_event(appointment, tz_name) for appointment in appointments]
    if events:
        first_year = min(event.decoded("dtstart").year for event in events) - 1
        calendar.add_component(_timezone_block(tz_name, first_year))
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()
