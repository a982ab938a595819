"""What /healthz reports: the database takes writes, the worker ticks, how much is waiting.

Apps add a queue depth with ``register_queue(name, count)``; the core never imports them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

logger = logging.getLogger("alongside.health")

_queues: dict[str, Callable[[], int]] = {}


def register_queue(name: str, count: Callable[[], int]) -> None:
    _queues[name] = count


def record_worker_start() -> None:
    """Called as a worker starts: also proves the worker can write to the database."""
    from alongside.core.models import Heartbeat

    Heartbeat.objects.update_or_create(name="worker", defaults={"started_at": timezone.now()})


def record_tick(problems: list[str]) -> None:
    """Called at the end of every tick, whatever happened in it."""
    from alongside.core.models import Heartbeat

    now = timezone.now()
    values = {"last_tick_at": now, "problems": problems}
    if not problems:
        values["last_success_at"] = now
    Heartbeat.objects.update_or_create(name="worker", defaults=values)


def worker_stale_after() -> timedelta:
    return timedelta(seconds=settings.ALONGSIDE_WORKER_STALE_SECONDS)


def report() -> tuple[int, dict]:
    """The status code and body of /healthz.

    503 when the database does not take a write (full disk, read-only data directory, down),
    or when the worker has ticked before but not for ``ALONGSIDE_WORKER_STALE_SECONDS``
    (or has never ticked while ``ALONGSIDE_HEALTH_REQUIRE_WORKER`` is on). A worker that ticks
    but has a failing part answers 200 with status "degraded" and the failures listed, so a
    load balancer keeps the web servers while a monitor can still alert.
    """
    from alongside.core.models import Heartbeat

    now = timezone.now()
    try:
        Heartbeat.objects.update_or_create(name="web", defaults={"last_tick_at": now})
    except DatabaseError as exc:
        logger.error("Health check: the database does not take writes (%s)", type(exc).__name__)
        return 503, {"status": "unavailable", "database": "not writable"}

    body: dict = {"status": "ok", "database": "ok"}
    code = 200
    worker = Heartbeat.objects.filter(name="worker").first()
    if worker is None or worker.last_tick_at is None:
        body["worker"] = {"state": "not ticked yet"}
        if settings.ALONGSIDE_HEALTH_REQUIRE_WORKER:
            body["status"], code = "unavailable", 503
    else:
        body["worker"] = {
            "state": "ok",
            "last_tick": worker.last_tick_at.isoformat(),
            "last_success": worker.last_success_at.isoformat() if worker.last_success_at else None,
        }
        if worker.problems:
            body["worker"]["state"] = "degraded"
            body["worker"]["problems"] = worker.problems
            body["status"] = "degraded"
        if now - worker.last_tick_at > worker_stale_after():
            body["worker"]["state"] = "stopped"
            body["status"], code = "unavailable", 503
    body["queue"] = {name: count() for name, count in sorted(_queues.items())}
    body["queue"]["tasks_ready"] = _tasks_ready()
    return code, body


def _tasks_ready() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().count()
