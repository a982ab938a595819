"""The VTIMEZONE blocks agree with the tz database to the minute, from 2026 to 2099, in both
hemispheres, without daylight saving, and for zones whose rules are too odd for a yearly rule
(those fall back to listed transitions up to 2100)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar

from alongside.care.ical import _timezone_block
from alongside.care.vtimezone import vtimezone

ZONES = [
    "America/New_York",
    "Europe/Paris",
    "Europe/London",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/Mexico_City",
    "Asia/Kolkata",
    "America/Sao_Paulo",
    "UTC",
    "America/Santiago",
    "Africa/Casablanca",
]


def moments():
    # Every 9 days and 5 hours, so that the samples walk through every month, weekday and hour.
    at = datetime(2026, 1, 1, tzinfo=UTC)
    while at.year < 2100:
        yield at
        at += timedelta(days=9, hours=5)


@pytest.mark.parametrize("zone", ZONES)
def test_vobject_reads_the_same_offsets_as_the_tz_database_until_2099(zone):
    calendar = Calendar()
    calendar.add("prodid", "-//test//EN")
    calendar.add("version", "2.0")
    calendar.add_component(_timezone_block(zone, 2025))
    parsed = vobject.readOne(calendar.to_ical().decode())
    theirs = parsed.vtimezone.gettzinfo()
    ours = ZoneInfo(zone)
    for at in moments():
        local = at.astimezone(ours).replace(tzinfo=None)
        assert local.replace(tzinfo=theirs).utcoffset() == at.astimezone(ours).utcoffset(), (zone, at)


def test_zones_with_yearly_rules_are_written_as_rules():
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in vtimezone("Europe/Paris", 2025).to_ical().decode()
    assert "RRULE" not in vtimezone("Asia/Kolkata", 2025).to_ical().decode()
    assert vtimezone("Africa/Casablanca", 2025) is None  # moves with Ramadan: listed instead
