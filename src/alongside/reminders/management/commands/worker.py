"""`alongside worker`: run the background task worker (reminders and other tasks).

On SQLite run one worker; on PostgreSQL run as many as you like, they share the work.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from alongside.core import health
from alongside.reminders.tasks import ensure_tick, tick_seconds

logger = logging.getLogger("alongside.worker")

# The exit status of a worker that cannot write to its database (e.g. a read-only data directory).
EXIT_CANNOT_WRITE = 3


class Command(BaseCommand):
    help = "Run the background worker: reminders are scanned every minute and delivered."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds to wait when idle.")
        parser.add_argument("--batch", action="store_true", help="Run what is ready, then exit.")
        parser.add_argument(
            "--parent-pid",
            type=int,
            default=None,
            help="Stop when this process ends (how `alongside serve` runs its worker).",
        )

    def handle(self, *args, interval: float, batch: bool, parent_pid: int | None, **options):
        try:
            health.record_worker_start()
            ensure_tick()
        except DatabaseError as exc:
            logger.critical(
                "The worker cannot write to its database (%s: %s). Check that the data directory "
                "and the database file are writable by this user, and that the disk is not full.",
                type(exc).__name__,
                exc,
            )
            raise CommandError(f"cannot write to the database: {exc}", returncode=EXIT_CANNOT_WRITE) from exc
        logger.info("Worker started (pid %d)", os.getpid())
        if not batch:
            _start_watchdog(parent_pid)
        worker_options = {
            "interval": interval,
            "batch": batch,
            "reload": False,
            "verbosity": options["verbosity"],
        }
        if batch:
            worker_options["startup_delay"] = False
        call_command("db_worker", **worker_options)
        logger.info("Worker stopped (pid %d)", os.getpid())


def _start_watchdog(parent_pid: int | None) -> None:
    """A thread that stops the worker when its parent is gone, and keeps one tick queued.

    Stopping goes through SIGTERM, so the worker finishes the task in hand first."""

    def watch() -> None:
        last_check = time.monotonic()
        while True:
            time.sleep(1)
            if parent_pid is not None and os.getppid() != parent_pid:
                logger.warning("The process that started this worker has ended: stopping the worker")
                os.kill(os.getpid(), signal.SIGTERM)
                return
            if time.monotonic() - last_check >= tick_seconds():
                last_check = time.monotonic()
                try:
                    ensure_tick()
                except DatabaseError:
                    logger.exception("The worker could not queue its next tick")
                finally:
                    connection.close()

    threading.Thread(target=watch, name="alongside-worker-watchdog", daemon=True).start()
