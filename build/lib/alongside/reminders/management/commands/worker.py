"""`alongside worker`: run the background task worker (reminders and other tasks).

On SQLite run one worker; on PostgreSQL run as many as you like, they share the work.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from alongside.reminders.tasks import ensure_tick


class Command(BaseCommand):
    help = "Run the background worker: reminders are scanned every minute and delivered."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds to wait when idle.")
        parser.add_argument("--batch", action="store_true", help="Run what is ready, then exit.")

    def handle(self, *args, interval: float, batch: bool, **options):
        ensure_tick()
        worker_options = {"interval": interval, "batch": batch, "reload": False, "verbosity": options["verbosity"]}
        if batch:
            worker_options["startup_delay"] = False
        call_command("db_worker", **worker_options)
