"""A worker that cannot die silently: a failing scanner is logged and shown, the rest go on."""

import logging

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alongside.core.models import Heartbeat
from alongside.reminders import events, services, tasks
from alongside.reminders.events import Due, EventType
from alongside.reminders.models import Reminder, ReminderState

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def extra_scanners():
    added = []

    def add(scanner):
        events.register_scanner(scanner)
        added.append(scanner)

    yield add
    for scanner in added:
        events._scanners.remove(scanner)


def broken_scanner(now):
    raise RuntimeError("this scanner is broken")


def test_one_scanner_raising_on_every_tick_stops_nothing_else_and_shows_on_healthz(
    client, make_user, extra_scanners, caplog
):
    member = make_user("Ana")
    services.save_preferences(
        member, wanted={"appointment:email"}, quiet_start=None, quiet_end=None, show_details=False
    )
    tick_number = {"n": 0}

    def good_scanner(now):
        yield Due(
            event_type=EventType.APPOINTMENT, user_id=member.pk, key=f"good:{tick_number['n']}", due_at=now
        )

    extra_scanners(broken_scanner)
    extra_scanners(good_scanner)
    caplog.set_level(logging.INFO, logger="alongside")

    for n in range(3):
        tick_number["n"] = n
        tasks.tick.call()

    assert len(mail.outbox) == 3, "the good scanner's reminders went out on every tick"
    assert Reminder.objects.filter(user=member, channel="email", state=ReminderState.SENT).count() == 3
    failures = [r for r in caplog.records if "broken_scanner failed" in r.getMessage()]
    assert len(failures) == 3 and all(r.levelno == logging.ERROR and r.exc_info for r in failures)
    assert DBTaskResult.objects.filter(task_path=tasks.tick.module_path, status="READY").count() == 1

    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, "a degraded worker keeps the web servers in the load balancer"
    assert body["status"] == "degraded" and body["worker"]["state"] == "degraded"
    assert any("broken_scanner: RuntimeError" in problem for problem in body["worker"]["problems"])
    assert "this scanner is broken" not in response.content.decode(), "error texts stay in the log"


def test_the_next_tick_is_queued_even_when_delivery_itself_fails(monkeypatch, caplog):
    def fail(*args, **kwargs):
        raise ConnectionError("database went away")

    monkeypatch.setattr(services, "deliver_due", fail)
    tasks.tick.call()
    assert DBTaskResult.objects.filter(task_path=tasks.tick.module_path, status="READY").count() == 1
    assert "Delivering reminders failed" in caplog.text
    assert Heartbeat.objects.get(name="worker").problems == ["delivery: ConnectionError"]


def test_healthz_reports_the_last_tick_and_the_queue_and_answers_503_when_the_worker_stopped(
    client, make_user, settings, time_machine
):
    member = make_user("Ana")
    services.schedule(
        Due(event_type=EventType.APPOINTMENT, user_id=member.pk, key="a:1", due_at=timezone.now())
    )

    body = client.get("/healthz").json()
    assert body["worker"] == {"state": "not ticked yet"} and body["status"] == "ok", (
        "a laptop without a worker"
    )
    assert body["queue"]["reminders_due"] == Reminder.objects.count() > 0

    tasks.tick.call()
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["worker"]["state"] == "ok"
    assert body["worker"]["last_tick"] == body["worker"]["last_success"]
    assert body["queue"]["reminders_due"] == 0

    time_machine.move_to(
        timezone.now() + timezone.timedelta(seconds=settings.ALONGSIDE_WORKER_STALE_SECONDS + 1)
    )
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["worker"]["state"] == "stopped"


def test_a_host_may_require_a_worker_from_the_start(client, settings):
    settings.ALONGSIDE_HEALTH_REQUIRE_WORKER = True
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["worker"] == {"state": "not ticked yet"}


def test_each_reminder_is_marked_sent_right_after_its_own_send(make_user, monkeypatch):
    """A worker killed during the third send has already recorded the first two."""
    members = [make_user(f"Member{i}") for i in range(5)]
    for member in members:
        services.save_preferences(
            member, wanted={"appointment:email"}, quiet_start=None, quiet_end=None, show_details=False
        )
        services.schedule(
            Due(event_type=EventType.APPOINTMENT, user_id=member.pk, key="a:1", due_at=timezone.now())
        )
    real_send = services._send
    sends = {"n": 0}

    class Killed(BaseException):
        pass

    def send_then_die(reminder, prefs, connection):
        sends["n"] += 1
        if sends["n"] == 3:
            raise Killed
        real_send(reminder, prefs, connection)

    monkeypatch.setattr(services, "_send", send_then_die)
    with pytest.raises(Killed):
        services.deliver_due(limit=100, chunk=100)
    emails = Reminder.objects.filter(channel="email")
    assert emails.filter(state=ReminderState.SENT).count() == 2 == len(mail.outbox)
    assert emails.filter(state=ReminderState.SENDING).count() == 3
