import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alongside.reminders import services
from alongside.reminders.events import Due, EventType
from alongside.reminders.models import Reminder, ReminderState

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_runs_the_periodic_tick_from_the_task_queue_and_queues_the_next(make_user):
    member = make_user("Ana")
    services.save_preferences(
        member, wanted={"appointment:email"}, quiet_start=None, quiet_end=None, show_details=False
    )
    services.schedule(
        Due(event_type=EventType.APPOINTMENT, user_id=member.pk, key="a:1", due_at=timezone.now())
    )

    call_command("worker", batch=True, interval=0, verbosity=0, stdout=io.StringIO())

    assert len(mail.outbox) == 1
    assert Reminder.objects.get().state == ReminderState.SENT
    finished = DBTaskResult.objects.filter(status="SUCCESSFUL", task_path__endswith="tasks.tick")
    assert finished.count() == 1
    waiting = DBTaskResult.objects.filter(status="READY", task_path__endswith="tasks.tick")
    assert waiting.count() == 1 and waiting.get().run_after > timezone.now()


def test_starting_the_worker_twice_keeps_a_single_waiting_tick():
    from alongside.reminders.tasks import ensure_tick, tick

    ensure_tick(after=timezone.timedelta(minutes=5))
    ensure_tick(after=timezone.timedelta(minutes=5))
    assert DBTaskResult.objects.filter(task_path=tick.module_path, status="READY").count() == 1
