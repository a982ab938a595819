from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from alongside.care.recurrence import DAILY, NONE, WEEKDAYS, WEEKLY, occurrences

NY = ZoneInfo("America/New_York")


def test_daily_dosing_keeps_its_local_time_across_the_spring_change():
    first = datetime(2026, 3, 6, 7, 30, tzinfo=NY)
    starts = list(
        occurrences(
            first, "America/New_York", DAILY, window_start=first, window_end=datetime(2026, 3, 10, tzinfo=UTC)
        )
    )
    assert [s.strftime("%m-%d %H:%M") for s in starts] == [
        "03-06 07:30",
        "03-07 07:30",
        "03-08 07:30",
        "03-09 07:30",
    ]
    assert [s.astimezone(UTC).hour for s in starts] == [
        12,
        12,
        11,
        11,
    ]  # the UTC hour moves, the local one does not


def test_a_weekly_group_keeps_its_local_time_across_the_autumn_change_in_london():
    london = ZoneInfo("Europe/London")
    first = datetime(2026, 10, 20, 18, 0, tzinfo=london)
    starts = list(
        occurrences(
            first, "Europe/London", WEEKLY, window_start=first, window_end=datetime(2026, 11, 4, tzinfo=UTC)
        )
    )
    assert [s.strftime("%d %H:%M") for s in starts] == ["20 18:00", "27 18:00", "03 18:00"]
    assert [s.astimezone(UTC).hour for s in starts] == [17, 18, 18]


def test_weekdays_skip_the_weekend_and_repeats_stop_on_the_last_day():
    first = datetime(2026, 6, 5, 9, 0, tzinfo=NY)  # a Friday
    starts = list(
        occurrences(
            first,
            "America/New_York",
            WEEKDAYS,
            window_start=first,
            window_end=datetime(2026, 6, 30, tzinfo=UTC),
            repeat_until=date(2026, 6, 9),
        )
    )
    assert [s.day for s in starts] == [5, 8, 9]


def test_a_window_far_ahead_starts_on_the_right_weekday():
    first = datetime(2026, 1, 7, 18, 0, tzinfo=NY)  # a Wednesday
    window_start = datetime(2026, 7, 1, tzinfo=UTC)
    starts = list(
        occurrences(
            first,
            "America/New_York",
            WEEKLY,
            window_start=window_start,
            window_end=datetime(2026, 7, 15, tzinfo=UTC),
        )
    )
    assert [s.weekday() for s in starts] == [2, 2] and starts[0].day == 1


def test_a_one_off_appointment_appears_once_inside_its_window():
    first = datetime(2026, 6, 5, 9, 0, tzinfo=NY)
    assert (
        len(
            list(
                occurrences(
                    first,
                    "America/New_York",
                    NONE,
                    window_start=first,
                    window_end=datetime(2026, 7, 1, tzinfo=UTC),
                )
            )
        )
        == 1
    )
    assert (
        list(
            occurrences(
                first,
                "America/New_York",
                NONE,
                window_start=datetime(2026, 6, 6, tzinfo=UTC),
                window_end=datetime(2026, 7, 1, tzinfo=UTC),
            )
        )
        == []
    )
