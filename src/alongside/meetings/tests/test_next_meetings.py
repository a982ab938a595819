from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
import time_machine
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alongside.meetings.models import Meeting
from alongside.meetings.schedule import next_occurrence, starts_within, window_q
from alongside.meetings.search import Criteria, Listing, next_day, present

pytestmark = pytest.mark.django_db

# Tuesday 10 March 2026, 15:00 UTC: 11:00 in New York (daylight time began on 8 March),
# while London is still on GMT until 29 March: New York is 4 hours behind London this week.
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
CVILLE = (38.0293, -78.4767)
MILE = 1 / 69.0  # about one mile of latitude, in degrees


def at(miles_north: float) -> dict:
    return {"latitude": CVILLE[0] + miles_north * MILE, "longitude": CVILLE[1]}


@pytest.fixture
def week(make_meeting):
    ny = "America/New_York"
    return {
        "tonight_5mi": make_meeting(
            name="Tonight five miles", day=2, time=time(19, 0), time_zone=ny, **at(5)
        ),
        "soon_1mi": make_meeting(name="Soon one mile", day=2, time=time(13, 0), time_zone=ny, **at(1)),
        "tomorrow_half_mile": make_meeting(
            name="Tomorrow half mile", day=3, time=time(10, 0), time_zone=ny, **at(0.5)
        ),
        "too_late": make_meeting(name="In 25 hours", day=3, time=time(12, 0), time_zone=ny, **at(0.2)),
        "already_started": make_meeting(
            name="Started this morning", day=2, time=time(10, 0), time_zone=ny, **at(0.1)
        ),
        "far": make_meeting(name="Far tonight", day=2, time=time(19, 0), time_zone=ny, **at(40)),
    }


def names(listings) -> list[str]:
    return [item.meeting.name for item in listings]


@time_machine.travel(NOW, tick=False)
def test_next_24_hours_near_a_place_are_nearest_first(week):
    found = next_day(Criteria(latitude=CVILLE[0], longitude=CVILLE[1], miles=25))
    assert names(found) == ["Tomorrow half mile", "Soon one mile", "Tonight five miles"]
    assert [round(item.distance_miles, 1) for item in found] == [0.5, 1.0, 5.0]


@time_machine.travel(NOW, tick=False)
def test_next_24_hours_without_a_place_are_soonest_first(week):
    found = next_day(Criteria())
    assert names(found) == ["Soon one mile", "Far tonight", "Tonight five miles", "Tomorrow half mile"]


@time_machine.travel(NOW, tick=False)
def test_a_meeting_in_a_zone_far_ahead_is_found_on_its_own_day(make_meeting):
    # 15:00 UTC Tuesday is 05:00 Wednesday in Kiritimati (UTC+14): its 06:00 is 16:00 UTC.
    make_meeting(name="Line Islands", day=3, time=time(6, 0), time_zone="Pacific/Kiritimati")
    make_meeting(name="Hawaii", day=2, time=time(7, 0), time_zone="Pacific/Honolulu")  # 17:00 UTC Tuesday
    assert names(next_day(Criteria())) == ["Line Islands", "Hawaii"]


def test_next_occurrence_is_in_the_meeting_s_zone_and_follows_daylight_saving():
    start = next_occurrence(2, time(19, 0), "America/New_York", NOW)
    assert start.isoformat() == "2026-03-10T19:00:00-04:00"
    # A week earlier New York was still on standard time.
    earlier = next_occurrence(2, time(19, 0), "America/New_York", datetime(2026, 3, 3, 15, 0, tzinfo=UTC))
    assert earlier.isoformat() == "2026-03-03T19:00:00-05:00"


@time_machine.travel(NOW, tick=False)
def test_times_convert_to_the_viewer_s_zone_on_the_real_date(make_meeting):
    meeting = make_meeting(name="Evening", day=2, time=time(19, 0), time_zone="America/New_York")
    late = make_meeting(name="Late", day=2, time=time(21, 0), time_zone="America/New_York")
    listing = present(Listing(meeting), "Europe/London")
    assert listing.local_start == datetime(2026, 3, 10, 19, 0)
    assert listing.viewer_start == datetime(2026, 3, 10, 23, 0)  # 4 hours this week, not the usual 5
    assert present(Listing(late), "Europe/London").viewer_start == datetime(2026, 3, 11, 1, 0)  # Wednesday
    same = present(Listing(meeting), "America/Toronto")
    assert same.viewer_start is None  # same wall clock: nothing to convert


@time_machine.travel(NOW, tick=False)
def test_the_page_shows_the_member_s_own_zone_and_a_chosen_zone_wins(client, make_user, make_meeting):
    make_meeting(name="Evening", day=2, time=time(19, 0), time_zone="America/New_York")
    user = make_user("Lon", time_zone="Europe/London")
    client.force_login(user)
    html = client.get(reverse("meetings:next")).content.decode()
    assert "Tuesday at 7 p.m. (America/New_York)" in html
    assert "For you: Tuesday at 11 p.m. (Europe/London)" in html
    html = client.get(reverse("meetings:next"), {"tz": "Asia/Tokyo"}).content.decode()
    assert "For you: Wednesday at 8 a.m. (Asia/Tokyo)" in html


@time_machine.travel(NOW, tick=False)
def test_a_visitor_sees_the_meeting_s_own_time_until_choosing_a_zone(client, make_meeting):
    make_meeting(name="Evening", day=2, time=time(19, 0), time_zone="America/New_York")
    html = client.get(reverse("meetings:next")).content.decode()
    assert "Tuesday at 7 p.m. (America/New_York)" in html and "For you" not in html
    html = client.get(reverse("meetings:next"), {"tz": "America/Los_Angeles"}).content.decode()
    assert "For you: Tuesday at 4 p.m. (America/Los_Angeles)" in html


@time_machine.travel(NOW, tick=False)
def test_the_next_page_lists_nearest_first_with_a_browser_location(client, week):
    html = client.get(
        reverse("meetings:next"), {"lat": CVILLE[0], "lon": CVILLE[1], "miles": 25}
    ).content.decode()
    positions = [html.index(name) for name in ("Tomorrow half mile", "Soon one mile", "Tonight five miles")]
    assert positions == sorted(positions)
    assert "Far tonight" not in html and "In 25 hours" not in html


@time_machine.travel(NOW, tick=False)
def test_a_temporarily_closed_room_is_not_among_the_next_meetings_but_its_online_part_is(make_meeting):
    make_meeting(name="Closed room", day=2, time=time(19, 0), type_codes=",TC,")
    make_meeting(
        name="Closed room, online now", day=2, time=time(20, 0), type_codes=",TC,", attendance="online"
    )
    assert names(next_day(Criteria())) == ["Closed room, online now"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    now=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
    ),
    day=st.integers(0, 6),
    hour=st.integers(0, 23),
    minute=st.sampled_from([0, 30]),
    zone_name=st.sampled_from(["America/New_York", "Europe/London", "Pacific/Kiritimati", "Asia/Kolkata"]),
)
def test_the_sql_window_keeps_every_meeting_that_starts_within_24_hours(
    make_meeting, now, day, hour, minute, zone_name
):
    meeting = make_meeting(day=day, time=time(hour, minute), time_zone=zone_name)
    try:
        in_window = Meeting.objects.filter(window_q(now, 24, [zone_name])).filter(pk=meeting.pk).exists()
        if starts_within(meeting, now) is not None:
            assert in_window
    finally:
        meeting.delete()


@time_machine.travel(NOW, tick=False)
def test_a_short_list_of_the_soonest_is_the_same_whatever_window_finds_it(make_meeting):
    ny = "America/New_York"  # now is 11:00 on Tuesday there
    for name, day, hour in (
        ("in 1 hour", 2, 12),
        ("in 4 hours", 2, 15),
        ("in 10 hours", 2, 21),
        ("in 20 hours", 3, 7),
    ):
        make_meeting(name=name, day=day, time=time(hour, 0), time_zone=ny)
    assert names(next_day(Criteria(), limit=1)) == ["in 1 hour"]
    assert names(next_day(Criteria(), limit=2)) == ["in 1 hour", "in 4 hours"]
    assert names(next_day(Criteria(), limit=4)) == ["in 1 hour", "in 4 hours", "in 10 hours", "in 20 hours"]
