"""Background tasks (django-tasks, database backend).

``tick`` is the periodic scan: it schedules what is due, delivers it in batches, and enqueues
itself again. ``alongside worker`` makes sure one tick is waiting, then runs the worker.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from alongside.reminders import services

TICK_SECONDS = 60
BATCH = 500


@task()
def tick() -> dict:
    now = timezone.now()
    scheduled = services.scan(now)
    delivered = services.deliver_due(now, limit=BATCH)
    # More than a batch waiting: hand the rest to the pool of workers at once.
    if delivered == BATCH:
        deliver_batch.enqueue()
    ensure_tick(after=timedelta(seconds=TICK_SECONDS), force=True)
    return {"scheduled": scheduled, "delivered": delivered}


@task()
def deliver_batch() -> int:
    delivered = services.deliver_due(timezone.now(), limit=BATCH)
    if delivered == BATCH:
        deliver_batch.enqueue()
    return delivered


def ensure_tick(after: timedelta = timedelta(0), force: bool = False) -> None:
    """Enqueue the next tick unless one is already waiting (``force`` when called by a tick)."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=tick.module_path, status="READY").exists()
    if force or not waiting:
        tick.using(run_after=timezone.now() + after).enqueue()
