from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from alongside.reminders import services
from alongside.reminders.events import Channel, Due, EventType, register_scanner
from alongside.reminders.models import Reminder, ReminderState

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 6, 1, 16, 0, tzinfo=UTC)  # noon in New York


def due(user, key="kit:1:30", event=EventType.KIT_EXPIRING, at=NOON, detail="Kit in the kitchen"):
    return Due(event_type=event, user_id=user.pk, key=key, due_at=at, detail=detail)


@pytest.fixture
def member(make_user):
    return make_user("Ana", time_zone="America/New_York")


def test_scheduling_twice_makes_one_row_per_channel(member):
    first = services.schedule(due(member))
    second = services.schedule(due(member))
    assert {r.channel for r in first} == {Channel.IN_APP, Channel.EMAIL, Channel.PUSH}
    assert second == []
    assert Reminder.objects.count() == 3


def test_a_due_reminder_reaches_the_inbox_and_the_mailbox_once(member, client):
    services.schedule(due(member))
    services.deliver_due(NOON)
    services.deliver_due(NOON + timedelta(hours=1))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "You have a new reminder"
    assert "Alongside" not in message.subject + message.body  # neutral by default: no app name
    assert "Kit in the kitchen" not in message.body  # no health details by default
    assert "List-Unsubscribe" in message.extra_headers
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    client.force_login(member)
    assert client.get(reverse("reminders:inbox")).context["unread_reminders"] == 1
    client.post(reverse("reminders:mark_all_read"))
    assert client.get(reverse("reminders:inbox")).context["unread_reminders"] == 0


def test_a_member_who_opts_in_to_details_reads_them(member):
    services.save_preferences(
        member,
        wanted={"kit_expiring:email"},
        quiet_start=None,
        quiet_end=None,
        show_details=True,
    )
    services.schedule(due(member))
    services.deliver_due(NOON)
    assert "Kit in the kitchen" in mail.outbox[0].subject


def test_quiet_hours_hold_e_mail_until_they_end_but_not_the_inbox(member):
    night = datetime(2026, 6, 2, 3, 0, tzinfo=UTC)  # 23:00 in New York
    services.schedule(due(member, at=night))
    services.deliver_due(night)
    assert len(mail.outbox) == 0
    assert Reminder.objects.get(channel=Channel.IN_APP).state == ReminderState.SENT
    held = Reminder.objects.get(channel=Channel.EMAIL)
    assert held.state == ReminderState.PENDING
    assert held.next_attempt_at == datetime(2026, 6, 2, 11, 0, tzinfo=UTC)  # 7:00 in New York
    services.deliver_due(datetime(2026, 6, 2, 10, 59, tzinfo=UTC))
    assert len(mail.outbox) == 0
    services.deliver_due(datetime(2026, 6, 2, 11, 0, tzinfo=UTC))
    assert len(mail.outbox) == 1


def test_preferences_decide_the_channels(member):
    services.save_preferences(
        member, wanted={"kit_expiring:in_app"}, quiet_start=time(22), quiet_end=time(7), show_details=False
    )
    assert {r.channel for r in services.schedule(due(member))} == {Channel.IN_APP}


def test_the_unsubscribe_link_stops_that_kind_of_e_mail_without_logging_in(member, client):
    url = services.unsubscribe_url(member, EventType.KIT_EXPIRING)
    path = url.split("localhost:8000", 1)[1]
    assert client.get(path).status_code == 200
    client.post(path)
    assert Channel.EMAIL not in services.channels_for(member, EventType.KIT_EXPIRING)
    assert client.get(path.replace("/unsubscribe/", "/unsubscribe/x")).status_code == 404


def test_a_reminder_claimed_by_a_worker_that_died_is_sent_after_the_lease_runs_out(member):
    services.save_preferences(
        member, wanted={"kit_expiring:email"}, quiet_start=None, quiet_end=None, show_details=False
    )
    services.schedule(due(member))
    claimed = services._claim(NOON)  # the worker claims it, then dies before sending
    assert len(claimed) == 1
    assert services.deliver_due(NOON + timedelta(minutes=1)) == 0  # still leased: not sent twice
    assert services.deliver_due(NOON + services.LEASE + timedelta(seconds=1)) == 1
    assert len(mail.outbox) == 1
    assert Reminder.objects.get().state == ReminderState.SENT


def test_a_send_that_keeps_failing_ends_as_failed_for_the_admin_page(member, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    services.save_preferences(
        member, wanted={"kit_expiring:email"}, quiet_start=None, quiet_end=None, show_details=False
    )
    services.schedule(due(member))
    now = NOON
    for _ in range(services.MAX_ATTEMPTS):
        services.deliver_due(now)
        now += timedelta(hours=7)
    reminder = Reminder.objects.get()
    assert reminder.state == ReminderState.FAILED
    assert reminder.attempts == services.MAX_ATTEMPTS and reminder.last_error
    assert services.retry_failed(Reminder.objects.all()) == 1


def test_accepting_an_invitation_tells_the_organisers(circle_members, make_user):
    from alongside.circles.services import accept_invitation, create_invitation

    c = circle_members
    _invitation, token = create_invitation(c["organiser"], c["circle"], role="supporter")
    Reminder.objects.all().delete()
    accept_invitation(make_user("Newcomer"), token)
    services.deliver_due()
    rows = Reminder.objects.filter(event_type=EventType.MEMBER_JOINED)
    assert {r.user for r in rows} == {c["organiser"]}


def test_registered_scanners_schedule_what_is_due(member):
    def scanner(now):
        yield due(member, key=f"scan:{now.date()}", event=EventType.SELF_CARE)

    register_scanner(scanner)
    with time_machine.travel(NOON):
        assert services.scan(NOON) == 1
        assert services.scan(NOON) == 0
