from datetime import UTC, datetime, time

from alongside.reminders.timing import backoff, before, end_of_quiet_hours, in_quiet_hours


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def test_a_day_before_keeps_the_wall_clock_time_across_the_spring_change_in_new_york():
    # 9:00 on Sunday 8 March 2026 (EDT, UTC-4) is 13:00 UTC; the day before is 9:00 EST (UTC-5).
    appointment = utc(2026, 3, 8, 13, 0)
    assert before(appointment, "America/New_York", days=1) == utc(2026, 3, 7, 14, 0)


def test_a_day_before_keeps_the_wall_clock_time_across_the_autumn_change_in_paris():
    # Clocks go back early on Sunday 25 October 2026. 9:00 that Sunday (CET, UTC+1) is 8:00 UTC;
    # the day before, 9:00 CEST (UTC+2), is 7:00 UTC.
    appointment = utc(2026, 10, 25, 8, 0)
    assert before(appointment, "Europe/Paris", days=1) == utc(2026, 10, 24, 7, 0)


def test_an_hour_before_is_a_real_hour_even_across_the_change():
    # 3:30 EDT on 8 March 2026 is 7:30 UTC; one real hour earlier is 6:30 UTC (1:30 EST).
    assert before(utc(2026, 3, 8, 7, 30), "America/New_York", hours=1) == utc(2026, 3, 8, 6, 30)


def test_a_wall_time_that_does_not_exist_moves_forward():
    # 2:30 on 8 March 2026 does not exist in New York; a day after 2:30 on 7 March asks for it.
    appointment = utc(2026, 3, 8, 7, 30)  # 3:30 EDT
    result = before(appointment, "America/New_York", days=1)
    assert result == utc(2026, 3, 7, 8, 30)  # 3:30 EST the day before


def test_quiet_hours_across_midnight_hold_a_message_until_they_end_in_the_member_s_zone():
    start, end = time(22, 0), time(7, 0)
    late = utc(2026, 6, 1, 3, 0)  # 23:00 in New York (EDT)
    assert in_quiet_hours(late, "America/New_York", start, end)
    assert end_of_quiet_hours(late, "America/New_York", start, end) == utc(2026, 6, 1, 11, 0)
    early = utc(2026, 6, 1, 9, 0)  # 5:00 in New York
    assert end_of_quiet_hours(early, "America/New_York", start, end) == utc(2026, 6, 1, 11, 0)
    day = utc(2026, 6, 1, 15, 0)
    assert not in_quiet_hours(day, "America/New_York", start, end)
    assert end_of_quiet_hours(day, "America/New_York", start, end) == day


def test_no_quiet_hours_when_start_or_end_is_missing():
    assert not in_quiet_hours(utc(2026, 6, 1, 3, 0), "UTC", None, time(7, 0))


def test_back_off_doubles_and_is_capped():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert backoff(30).total_seconds() == 6 * 3600
