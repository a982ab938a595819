from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from alongside.meetings.schedule import next_occurrence, our_day

ZONES = [
    "America/New_York",
    "America/Toronto",
    "America/St_Johns",
    "Europe/London",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "America/Los_Angeles",
    "UTC",
]
moments = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=300, deadline=None)
@given(
    day=st.integers(0, 6),
    hour=st.integers(0, 23),
    minute=st.sampled_from([0, 15, 30, 45]),
    zone_name=st.sampled_from(ZONES),
    now=moments,
)
def test_the_next_occurrence_is_the_first_matching_start_after_now(day, hour, minute, zone_name, now):
    start = next_occurrence(day, time(hour, minute), zone_name, now)
    assert now <= start < now + timedelta(days=7, hours=3)
    local = start.astimezone(zoneinfo.ZoneInfo(zone_name))
    if local.time() == time(hour, minute):  # not shifted by a daylight-saving gap
        assert our_day(local.date()) == day
        # No earlier matching start exists between now and the one found.
        earlier = start - timedelta(days=7)
        assert (
            earlier.astimezone(UTC) < now
            or earlier.astimezone(zoneinfo.ZoneInfo(zone_name)).time() != local.time()
        )
