from datetime import date

from alongside.care.milestones import add_months, milestones, next_milestone, progress


def test_a_setback_on_day_45_of_a_90_day_run_ends_the_streak_but_keeps_the_history():
    start = date(2026, 1, 1)
    setback = date(2026, 2, 14)  # day 45
    result = progress(start, [setback], today=date(2026, 3, 31))  # day 90 of the whole run
    assert result.current_days == 45  # 15 February to 31 March
    assert result.longest_days == 45  # the new streak already beats the 44 days before the setback
    assert result.total_days == 89  # 44 + 45: the setback day itself is the only day not counted
    earlier = progress(start, [setback], today=date(2026, 3, 1))
    assert (earlier.current_days, earlier.longest_days) == (15, 44)
    assert result.current_start == date(2026, 2, 15)


def test_a_setback_today_leaves_the_current_streak_at_zero_without_erasing_the_past():
    result = progress(date(2026, 1, 1), [date(2026, 1, 10)], today=date(2026, 1, 10))
    assert result.current_days == 0 and result.longest_days == 9 and result.total_days == 9


def test_the_first_day_counts_as_day_one():
    assert progress(date(2026, 5, 1), [], today=date(2026, 5, 1)).current_days == 1


def test_months_and_years_count_on_the_calendar_including_leap_years():
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    one_year = [m for m in milestones(date(2024, 2, 29), date(2025, 3, 1)) if m.label_key == "years"]
    assert one_year[0].on == date(2025, 2, 27)  # the day before the same date a year on


def test_milestones_are_reached_in_order_and_the_next_one_is_known():
    start = date(2026, 1, 1)
    reached = milestones(start, date(2026, 1, 30))
    assert [(m.label_key, m.amount) for m in reached] == [
        ("days", 1),
        ("days", 7),
        ("days", 14),
        ("days", 30),
    ]
    assert reached[-1].on == date(2026, 1, 30)
    upcoming = next_milestone(start, date(2026, 1, 30))
    assert (upcoming.label_key, upcoming.amount) == ("days", 60)


def test_a_future_start_date_counts_nothing_yet():
    assert progress(date(2026, 6, 1), [], today=date(2026, 5, 1)).current_days == 0
