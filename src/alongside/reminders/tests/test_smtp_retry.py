"""A real local SMTP server that is down for the first attempts and up later."""

import socket
from datetime import UTC, datetime, timedelta

import pytest
from aiosmtpd.controller import Controller

from alongside.reminders import services
from alongside.reminders.events import Due, EventType
from alongside.reminders.models import Reminder, ReminderState

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 6, 1, 16, 0, tzinfo=UTC)


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((tuple(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_every_message_arrives_exactly_once_after_the_server_comes_back(settings, make_user):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 2
    members = [make_user(f"Member{i}") for i in range(3)]
    for member in members:
        services.save_preferences(
            member, wanted={"appointment:email"}, quiet_start=None, quiet_end=None, show_details=False
        )
        services.schedule(Due(event_type=EventType.APPOINTMENT, user_id=member.pk, key="appt:1", due_at=NOON))

    # The server is down: two rounds of attempts fail and are kept for later.
    assert services.deliver_due(NOON) == 3
    assert services.deliver_due(NOON + timedelta(minutes=1, seconds=1)) == 3
    assert set(Reminder.objects.values_list("state", flat=True)) == {ReminderState.PENDING}
    assert all(r.last_error for r in Reminder.objects.all())

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        later = NOON + timedelta(minutes=5)
        assert services.deliver_due(later) == 3
        assert services.deliver_due(later + timedelta(hours=6)) == 0
    finally:
        controller.stop()

    recipients = sorted(rcpt for rcpts, _content in inbox.messages for rcpt in rcpts)
    assert recipients == sorted(m.email for m in members)
    assert set(Reminder.objects.values_list("state", flat=True)) == {ReminderState.SENT}
