from decimal import Decimal as D

from alongside.care.rewards import Schedule, run

PLAN = Schedule(
    start_value=D("2.50"), step=D("1.25"), max_value=D("10"), bonus_every=3, bonus=D("10"), recover_after=3
)


def values(entries):
    return [e.value for e in entries]


def test_each_consecutive_success_is_worth_one_step_more_up_to_the_maximum():
    entries = run(PLAN, [True] * 9)
    assert values(entries)[:4] == [D("2.50"), D("3.75"), D("5.00"), D("6.25")]
    assert values(entries)[-1] == D("10")  # capped at the maximum value


def test_every_third_consecutive_success_adds_the_bonus():
    entries = run(PLAN, [True] * 6)
    assert [e.bonus for e in entries] == [0, 0, D("10"), 0, 0, D("10")]


def test_a_miss_earns_nothing_and_resets_to_the_start_value():
    entries = run(PLAN, [True, True, True, False, True])
    assert entries[3].earned == 0 and entries[3].streak == 0
    assert entries[4].value == D("2.50")


def test_earned_rewards_are_never_taken_back():
    entries = run(PLAN, [True, True, False])
    assert entries[2].total == entries[1].total == D("2.50") + D("3.75")


def test_after_a_reset_a_quick_return_restores_the_earlier_level():
    # Four successes reach 6.25 (the next would be 7.50); a miss resets; three successes restore 7.50.
    entries = run(PLAN, [True] * 4 + [False] + [True] * 4)
    after = values(entries)[5:]
    assert after[:3] == [D("2.50"), D("3.75"), D("5.00")]
    assert after[3] == D("7.50")


def test_the_budget_cap_limits_what_is_owed():
    capped = Schedule(start_value=D("5"), step=D("5"), max_value=D("50"), budget=D("22"))
    entries = run(capped, [True] * 4)  # 5 + 10 + 15 would be 30
    assert [e.earned for e in entries] == [D("5"), D("10"), D("7"), D("0")]
    assert entries[-1].total == D("22") and entries[2].capped


def test_twelve_weeks_of_three_tests_with_no_miss_stays_near_the_published_totals():
    # The commonly cited schedule (2.50 start, +1.25, 10 bonus every third) over 36 tests comes to
    # roughly 1,000 when the value is not capped low.
    uncapped = Schedule(
        start_value=D("2.50"), step=D("1.25"), max_value=D("1000"), bonus_every=3, bonus=D("10")
    )
    total = run(uncapped, [True] * 36)[-1].total
    assert D("900") < total < D("1100")


def test_recovery_then_escalation_never_pays_less_than_the_success_before():
    # One success (the next would be 3.75), a miss, then a long run: the run climbs 2.50, 3.75, 5.00;
    # "restoring" the old 3.75 after the third must not drop the fourth below 6.25.
    entries = run(PLAN, [True, False] + [True] * 6)
    after = values(entries)[2:]
    assert after == [D("2.50"), D("3.75"), D("5.00"), D("6.25"), D("7.50"), D("8.75")]
    assert all(later >= earlier for earlier, later in zip(after, after[1:], strict=False))


def test_the_schedule_from_the_report_pays_more_for_the_sixth_success_than_the_fifth():
    slow_recovery = Schedule(start_value=D("2.50"), step=D("1.25"), max_value=D("20"), recover_after=5)
    entries = run(slow_recovery, [True, True, False] + [True] * 7)
    after = values(entries)[3:]
    assert after[4] == D("7.50")
    assert after[5] == D("8.75")  # was 6.25: the level before the miss, lower than the climb
    assert all(later >= earlier for earlier, later in zip(after, after[1:], strict=False))
