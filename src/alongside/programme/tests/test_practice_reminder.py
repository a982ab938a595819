"""The practice reminder goes once, to the practice's owner only, in their language, through the
real worker: its periodic tick runs the scanners, schedules and delivers."""

import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alongside.programme.models import Practice
from alongside.programme.reminders import scan_practices
from alongside.reminders import services as reminders
from alongside.reminders.events import EventType
from alongside.reminders.models import Reminder

pytestmark = pytest.mark.django_db(transaction=True)


def practice(c, *, remind_at, author="supporter", **extra):
    return Practice.objects.create(
        circle=c["circle"], author=c[author], skill="positive-communication", what="Use my new sentence",
        due_on=date(2026, 12, 11), remind_at=remind_at, **extra,
    )  # fmt: skip


def run_worker():
    call_command("worker", batch=True, interval=0, verbosity=0, stdout=io.StringIO())


def test_the_worker_sends_the_reminder_once_to_the_owner_in_their_language(circle_members):
    c = circle_members
    supporter = c["supporter"]
    supporter.language = "es"
    supporter.save()
    reminders.save_preferences(
        supporter, wanted={"practice:email"}, quiet_start=None, quiet_end=None, show_details=True
    )
    # Shared with the supporters, yet only its owner is reminded.
    practice(c, remind_at=timezone.now() - timedelta(minutes=1), visibility="supporters")

    run_worker()
    assert [m.to for m in mail.outbox] == [[supporter.email]]
    subject = mail.outbox[0].subject
    from alongside.programme import content

    title_es = content.load("es").skill("positive-communication").title
    assert subject.startswith("Una práctica que planeó") and title_es in subject
    assert "viernes 11" in subject.lower() and "diciembre" in subject
    assert "/es/" in mail.outbox[0].body
    assert "Use my new sentence" not in mail.outbox[0].body  # never the member's own words

    run_worker()  # the next tick finds the same practice: nothing more is sent
    assert len(mail.outbox) == 1
    assert Reminder.objects.filter(event_type=EventType.PRACTICE, channel="email").count() == 1
    practice_reminders = Reminder.objects.filter(event_type=EventType.PRACTICE)
    assert set(practice_reminders.values_list("user_id", flat=True)) == {supporter.pk}, list(
        Reminder.objects.values_list("event_type", "user_id")
    )


def test_the_neutral_reminder_says_nothing_of_the_programme(circle_members):
    c = circle_members
    practice(c, remind_at=timezone.now() - timedelta(minutes=1))
    run_worker()
    assert [m.subject for m in mail.outbox] == ["You have a new reminder"]
    assert "practice" not in mail.outbox[0].body.lower()


def test_no_reminder_before_its_moment_after_it_is_done_long_past_or_after_leaving(circle_members):
    c = circle_members
    now = timezone.now()
    practice(c, remind_at=now + timedelta(minutes=5))
    practice(c, remind_at=now - timedelta(minutes=1), done_at=now)
    practice(c, remind_at=now - timedelta(days=2))
    practice(c, remind_at=None)
    assert list(scan_practices(now)) == []
    from alongside.circles.models import Membership

    practice(c, remind_at=now - timedelta(minutes=1), author="organiser")
    assert [d.user_id for d in scan_practices(now)] == [c["organiser"].pk]
    Membership.objects.filter(user=c["organiser"]).delete()
    assert list(scan_practices(now)) == []


def test_a_reminder_still_waiting_is_cancelled_when_the_practice_is_done(circle_members):
    from alongside.programme import services
    from alongside.reminders.models import ReminderState

    c = circle_members
    item = practice(c, remind_at=timezone.now() - timedelta(minutes=1))
    for due in scan_practices(timezone.now()):
        reminders.schedule(due)
    waiting = Reminder.objects.filter(event_type=EventType.PRACTICE, state=ReminderState.PENDING)
    assert waiting.exists()
    services.record_outcome(c["supporter"], item, outcome="mixed", notes="")
    assert not waiting.exists()
    run_worker()
    assert mail.outbox == []
