"""Weekly patterns and the plain sentences for clear changes, on constructed data."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from alongside.journal.patterns import Series, bucket, findings, week_starts
from alongside.journal.signs import GROUPS


def series(**groups) -> Series:
    s = Series({g.key: [0] * 12 for g in GROUPS}, [0] * 12, [Decimal(0)] * 12)
    for key, values in groups.items():
        if key == "contacts":
            s.contacts = values
        elif key == "money":
            s.money = [Decimal(v) for v in values]
        else:
            s.groups[key] = values
    return s


def texts(s):
    return [f.text for f in findings(s)]


def test_financial_signs_doubling_over_four_weeks_gives_one_sentence():
    s = series(financial=[0, 0, 0, 0, 1, 0, 1, 1, 2, 1, 2, 1])
    assert texts(s) == ["Financial signs at least doubled over the last four weeks (from 3 to 6)."]


def test_signs_appearing_from_nothing_are_described_as_new():
    s = series(physical=[0] * 8 + [1, 0, 1, 1])
    assert texts(s) == [
        "Physical signs were noted 3 times over the last four weeks, and none in the four weeks before."
    ]


def test_a_clear_fall_is_described_too():
    s = series(behavioural=[0] * 4 + [2, 2, 1, 1] + [1, 0, 1, 0])
    assert texts(s) == ["Behavioural signs fell by half or more over the last four weeks (from 6 to 2)."]


def test_small_or_steady_numbers_say_nothing():
    assert texts(series(financial=[0] * 8 + [1, 0, 1, 0])) == []  # two is not a pattern
    assert texts(series(psychological=[1] * 12)) == []
    assert texts(series(financial=[0] * 4 + [1, 0, 0, 0] + [1, 0, 0, 0])) == []  # from 1 to 1


def test_contacts_stopping_and_money_going_missing_are_described():
    s = series(contacts=[1] * 8 + [0] * 4, money=[0] * 4 + ["10", "0", "0", "0"] + ["30", "0", "20", "0"])
    assert texts(s) == [
        "No contact was recorded over the last four weeks (4 in the four weeks before).",
        "More money went missing over the last four weeks: 50.00, against 10.00 in the four weeks before.",
    ]


def test_contacts_falling_by_half_are_described():
    assert texts(series(contacts=[0] * 4 + [2, 2, 1, 1] + [1, 0, 1, 0])) == [
        "Contacts fell by half or more over the last four weeks (from 6 to 2)."
    ]


def test_less_money_missing_gives_no_sentence():
    assert texts(series(money=[0] * 4 + ["50"] * 4 + ["10", "0", "0", "0"])) == []


def test_weeks_start_on_monday_and_entries_fall_in_the_circle_s_week():
    starts = week_starts(date(2026, 3, 5))  # a Thursday
    assert starts[-1] == date(2026, 3, 2) and starts[0] == date(2025, 12, 15) and len(starts) == 12
    sunday_night_new_york = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # Sunday 1 March, 22:00 in New York
    result = bucket(
        [(sunday_night_new_york, ["things_missing", "mood_swings", "unknown"], Decimal("5"))],
        [sunday_night_new_york],
        starts,
        "America/New_York",
    )
    assert result.groups["financial"][10] == 1 and result.groups["financial"][11] == 0
    assert result.groups["psychological"][10] == 1 and result.contacts[10] == 1 and result.money[10] == 5
    in_utc = bucket([(sunday_night_new_york, ["things_missing"], None)], [], starts, "UTC")
    assert in_utc.groups["financial"][11] == 1


@pytest.mark.django_db
def test_the_patterns_page_draws_accessible_charts_with_a_table_and_links(c, client, entry):
    circle = c["circle"]
    now = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    for weeks_ago, signs in (
        (6, ["asking_for_money"]),
        (5, ["selling_things"]),
        (2, ["asking_for_money", "selling_things"]),
        (1, ["unpaid_bills", "things_missing"]),
    ):
        entry(
            "observation",
            circle,
            c["supporter"],
            "supporters",
            signs=signs,
            observed_at=now - timedelta(weeks=weeks_ago),
        )
    entry("observation", circle, c["supporter"], "only_me", signs=["selling_things"] * 1, observed_at=now)
    client.force_login(c["organiser"])
    with time_machine.travel(now, tick=False):
        response = client.get(reverse("journal:patterns", args=[circle.id]))
    page = response.content.decode()
    assert (
        "Financial signs at least doubled over the last four weeks (from 2 to 4)." in page
    )  # the private one is not counted
    assert page.count("<svg") == 6 and page.count("<title id=") == 6 and page.count("<desc id=") == 6
    assert "<table" in page and '<caption id="numbers-caption">' in page
    assert reverse("library:article", args=["signs-of-use"]) in page
    assert "<script" not in page.split("<main", 1)[1]


@pytest.mark.django_db
def test_the_person_s_patterns_count_only_what_is_shared_with_them(c, client, entry):
    now = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    for days in (1, 2, 3):
        entry(
            "observation",
            c["circle"],
            c["supporter"],
            "supporters",
            signs=["nodding_off"],
            observed_at=now - timedelta(days=days),
        )
    client.force_login(c["person"])
    with time_machine.travel(now, tick=False):
        page = client.get(reverse("journal:patterns", args=[c["circle"].id])).content.decode()
    assert "No clear change" in page


@pytest.mark.django_db
def test_kept_patterns_follow_every_change_and_stay_each_viewer_s_own(c, client, entry):
    """The weekly buckets are kept between requests (journal.patterns.load_series): every change
    shows at once, and what one viewer may see never reaches another's page."""
    from alongside.circles.models import Membership

    circle = c["circle"]
    start = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    minutes = iter(range(1, 100))

    def later():  # each step a minute after the one before, as on a real clock
        return time_machine.travel(start + timedelta(minutes=next(minutes)), tick=False)

    def page(user):
        client.force_login(user)
        with later():
            return client.get(reverse("journal:patterns", args=[circle.id])).content.decode()

    new = "Physical signs were noted 3 times over the last four weeks, and none in the four weeks before."
    with later():
        entries = [
            entry("observation", circle, c["supporter"], "supporters", signs=["nodding_off"], observed_at=at)
            for at in (start - timedelta(days=days) for days in (1, 2, 3))
        ]
    assert new in page(c["organiser"])
    assert new not in page(c["person"])  # kept for the organiser, never shown to the person
    assert new in page(c["organiser"])  # from what was kept

    with later():
        entries[0].visibility = "only_me"  # its author hides one
        entries[0].save()
    assert new not in page(c["organiser"])
    assert new in page(c["supporter"])  # the author still counts their own

    with later():
        entries[0].visibility = "supporters"
        entries[0].save()
    assert new in page(c["organiser"])
    with later():
        entries[1].delete()
    assert new not in page(c["organiser"])
    with later():
        entry("observation", circle, c["supporter"], "supporters", signs=["nodding_off"], observed_at=start)
    assert new in page(c["organiser"])

    Membership.objects.filter(user=c["organiser"], circle=circle).update(role="professional")
    assert new not in page(c["organiser"])  # a professional now: supporters' entries are not theirs


def test_a_chart_is_the_same_markup_as_written_piece_by_piece_and_its_values_are_escaped():
    from django.utils.html import format_html

    from alongside.journal.patterns import bar_chart

    labels = [f"{i}/3" for i in range(1, 13)]
    values = [0, 1, 2.5, 0, 7, 3, 0, 0, 1, 4, 2, 9]
    shown = [f"<b>{v}</b> & co" for v in values]
    chart = bar_chart("money", "Money <missing>", 'Desc "quoted"', labels, values, shown)
    reference = "".join(
        format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" class="bar"></rect>'
            '<text x="{}" y="{}" text-anchor="middle" class="bar-value">{}</text>',
            *(str(bar[name]) for name in ("x", "y", "w", "h", "tx", "ty")),
            bar["value"],
        )
        for bar in chart["bars"]
    )
    assert reference in chart["html"]
    assert "<b>" not in chart["html"] and "&lt;b&gt;9&lt;/b&gt; &amp; co" in chart["html"]
