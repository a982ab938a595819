"""Background tasks (django-tasks, database backend).

``tick`` is the periodic scan: it schedules what is due, delivers a batch, hands any rest to the
pool of workers, and enqueues itself again whatever happened (a failing scanner is logged and
shown on /healthz; it never stops the others). ``alongside worker`` makes sure one tick is
waiting, then runs the worker.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from alongside.core import health
from alongside.reminders import services
from alongside.reminders.events import scanners

# At most this many delivery tasks wait at once: enough to keep several workers busy.
PARALLEL_DELIVERIES = 8

logger = logging.getLogger("alongside.worker")


def batch_size() -> int:
    return settings.REMINDER_BATCH


def tick_seconds() -> int:
    return settings.REMINDER_TICK_SECONDS


@task()
def tick() -> dict:
    started = time.monotonic()
    now = timezone.now()
    problems: list[str] = []
    scheduled = delivered = 0
    try:
        for scanner in scanners():
            name = f"{scanner.__module__}.{scanner.__qualname__}"
            try:
                scheduled += services.schedule_from(scanner, now)
            except Exception as exc:  # noqa: BLE001 - one scanner's failure must not stop the others
                logger.exception("Reminder scanner %s failed", name)
                problems.append(f"scanner {name}: {type(exc).__name__}")
        try:
            delivered = services.deliver_due(now, limit=batch_size())
            _hand_out_the_rest(now)
        except Exception as exc:  # noqa: BLE001
            logger.exception("Delivering reminders failed")
            problems.append(f"delivery: {type(exc).__name__}")
        for hook in TICK_HOOKS:
            hook_name = f"{hook.__module__}.{hook.__qualname__}"
            try:
                hook(now)
            except Exception as exc:  # noqa: BLE001 - a failing hook must not stop the reminders
                logger.exception("Tick hook %s failed", hook_name)
                problems.append(f"hook {hook_name}: {type(exc).__name__}")
    finally:
        try:
            health.record_tick(problems)
        finally:
            ensure_tick(after=timedelta(seconds=tick_seconds()))
    logger.info(
        "Worker tick: %d scheduled, %d delivered, %d problems, %d ms",
        scheduled,
        delivered,
        len(problems),
        round((time.monotonic() - started) * 1000),
        extra={"scheduled": scheduled, "delivered": delivered, "problems": len(problems)},
    )
    return {"scheduled": scheduled, "delivered": delivered, "problems": problems}


# Other periodic work a feature app hangs on the tick (registered in its AppConfig.ready, as scanners
# are). Each hook must be quick: slow work is enqueued as its own task (meetings' feed refresh).
TICK_HOOKS: list[Callable[[datetime], object]] = []


def register_tick_hook(hook: Callable[[datetime], object]) -> None:
    if hook not in TICK_HOOKS:
        TICK_HOOKS.append(hook)


@task()
def deliver_batch() -> int:
    delivered = services.deliver_due(timezone.now(), limit=batch_size())
    if delivered == batch_size():
        deliver_batch.enqueue()
    if delivered:
        logger.info("Worker delivered %d reminders", delivered, extra={"delivered": delivered})
    return delivered


def _hand_out_the_rest(now) -> None:
    """More than a batch waiting: queue delivery tasks so that several workers share the rest."""
    from django_tasks_db.models import DBTaskResult

    waiting = services.count_due(now)
    if not waiting:
        return
    wanted = min(math.ceil(waiting / batch_size()), PARALLEL_DELIVERIES)
    queued = DBTaskResult.objects.filter(task_path=deliver_batch.module_path, status="READY").count()
    for _ in range(wanted - queued):
        deliver_batch.enqueue()


def ensure_tick(after: timedelta = timedelta(0)) -> None:
    """Enqueue the next tick unless one is already waiting.

    Called by every tick as it ends, by a worker as it starts, and every minute by a running
    worker, so a tick lost with a killed worker is replaced; when two chains of ticks meet, the
    next tick of one of them finds the other waiting and the chains become one again."""
    from django_tasks_db.models import DBTaskResult

    if not DBTaskResult.objects.filter(task_path=tick.module_path, status="READY").exists():
        tick.using(run_after=timezone.now() + after).enqueue()
