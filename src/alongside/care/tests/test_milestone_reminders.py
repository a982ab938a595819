from datetime import UTC, date, datetime

import pytest
import time_machine

from alongside.care.models import DayMark, RecoveryStart
from alongside.care.reminders import scan_milestones
from alongside.circles.records import Visibility
from alongside.reminders import services
from alongside.reminders.events import EventType
from alongside.reminders.models import Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def start(circle_members):
    circle = circle_members["circle"]
    circle.time_zone = "America/Los_Angeles"
    circle.save()
    # Day 7 of the run is 7 March 2030 in Los Angeles.
    return RecoveryStart.objects.create(
        circle=circle,
        author=circle_members["person"],
        visibility=Visibility.CIRCLE,
        start_date=date(2030, 3, 1),
    )


def test_a_milestone_reached_today_tells_everyone_who_may_see_it(start, circle_members):
    # 05:00 UTC on 8 March is still 7 March in Los Angeles: day 7.
    now = datetime(2030, 3, 8, 5, 0, tzinfo=UTC)
    due = list(scan_milestones(now))
    c = circle_members
    assert {d.user_id for d in due} == {c["person"].pk, c["organiser"].pk, c["supporter"].pk}
    assert {d.event_type for d in due} == {EventType.MILESTONE}
    assert len({d.key for d in due}) == 1


def test_no_reminder_on_a_day_that_is_not_a_milestone(start):
    assert list(scan_milestones(datetime(2030, 3, 8, 12, 0, tzinfo=UTC))) == []  # day 8 in Los Angeles


def test_a_private_start_reminds_only_its_author(start, circle_members):
    start.visibility = Visibility.ONLY_ME
    start.save()
    due = list(scan_milestones(datetime(2030, 3, 7, 20, 0, tzinfo=UTC)))
    assert {d.user_id for d in due} == {circle_members["person"].pk}


def test_a_setback_starts_a_new_run_and_its_milestones(start):
    DayMark.objects.create(start=start, day=date(2030, 3, 3), kind=DayMark.Kind.SETBACK)
    # The new run starts on 4 March; its first week ends on 10 March, not 7 March.
    assert list(scan_milestones(datetime(2030, 3, 7, 20, 0, tzinfo=UTC))) == []
    assert list(scan_milestones(datetime(2030, 3, 10, 20, 0, tzinfo=UTC)))


def test_the_worker_sends_a_milestone_once_however_often_it_scans(start):
    now = datetime(2030, 3, 7, 20, 0, tzinfo=UTC)
    milestone_rows = Reminder.objects.filter(event_type=EventType.MILESTONE)
    with time_machine.travel(now):
        services.scan(now)
        first = milestone_rows.count()
        assert first > 0
        services.scan(now)
    assert milestone_rows.count() == first
