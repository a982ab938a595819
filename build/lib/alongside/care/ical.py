"""iCalendar output: one appointment as a download, or a member's private feed."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar, Event, vRecur

RRULES = {
    "daily": {"FREQ": "DAILY"},
    "weekdays": {"FREQ": "WEEKLY", "BYDAY": ["MO", "TU", "WE", "TH", "FR"]},
    "weekly": {"FREQ": "WEEKLY"},
}


def _event(appointment, tz_name: str, stamp: datetime) -> Event:
    tz = ZoneInfo(tz_name)
    start = appointment.starts_at.astimezone(tz)
    event = Event()
    event.add("uid", f"{appointment.id}@alongside")
    event.add("dtstamp", stamp)
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


def calendar_bytes(appointments, tz_name: str, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Alongside//Appointments//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for appointment in appointments:
        calendar.add_component(_event(appointment, tz_name, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()
