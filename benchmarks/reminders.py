"""Benchmark: 100,000 due reminders across 10,000 members, delivered by the worker's code path.

Runs once on SQLite (a temporary file, WAL mode) and once on PostgreSQL when one is reachable
(postgres://postgres@127.0.0.1:5432). Prints reminders per second and peak memory.

    .venv/bin/python benchmarks/reminders.py [--reminders 100000] [--members 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time


class DiscardingBackend:
    """An e-mail backend that renders each message to bytes and discards it."""

    def __init__(self, *args, **kwargs):
        self.sent = 0

    def open(self):
        return True

    def close(self):
        return None

    def send_messages(self, messages):
        for message in messages:
            message.message().as_bytes()
            self.sent += 1
        return len(messages)


def run_one(reminders: int, members: int) -> dict:
    sys.modules["benchmarks_reminders_backend"] = sys.modules[__name__]
    import django

    django.setup()
    import resource
    import tracemalloc
    from datetime import timedelta

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from alongside.reminders import services
    from alongside.reminders.models import Reminder, ReminderState

    # Build every message as SMTP would, then drop it (an in-memory outbox would hold 50,000 of them).
    settings.EMAIL_BACKEND = "benchmarks_reminders_backend.DiscardingBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    User = get_user_model()
    # Noon UTC: outside the default quiet hours of members in UTC, so every e-mail goes now.
    now = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    started = time.perf_counter()
    User.objects.bulk_create(
        [User(email=f"bench{i}@example.org", display_name=f"B{i}", password="!") for i in range(members)],
        batch_size=2000,
    )
    ids = list(User.objects.values_list("pk", flat=True))
    channels = ["in_app", "email"]
    rows = [
        Reminder(
            user_id=ids[i % len(ids)],
            event_type="appointment",
            channel=channels[i % 2],
            key=f"bench:{i}",
            due_at=now - timedelta(minutes=1),
            next_attempt_at=now - timedelta(minutes=1),
        )
        for i in range(reminders)
    ]
    Reminder.objects.bulk_create(rows, batch_size=2000)
    setup_seconds = time.perf_counter() - started

    tracemalloc.start()
    started = time.perf_counter()
    delivered = 0
    while True:
        batch = services.deliver_due(now, limit=500)  # what each tick or batch task does
        delivered += batch
        if batch < 500:
            break
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    sent = Reminder.objects.filter(state=ReminderState.SENT).count()
    return {
        "database": connection.vendor,
        "reminders": reminders,
        "members": members,
        "delivered": delivered,
        "sent_rows": sent,
        "setup_seconds": round(setup_seconds, 1),
        "seconds": round(seconds, 1),
        "per_second": round(delivered / seconds, 1),
        "python_peak_mib": round(peak / 2**20, 1),
        "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def postgres_url() -> str | None:
    try:
        import psycopg

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3, autocommit=True
        ) as c:
            c.execute("DROP DATABASE IF EXISTS alongside_bench")
            c.execute("CREATE DATABASE alongside_bench")
        return "postgres://postgres@127.0.0.1:5432/alongside_bench"
    except Exception as exc:  # noqa: BLE001
        print(f"PostgreSQL not reachable ({exc}); SQLite only")
        return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reminders", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.reminders, args.members)))
        return
    targets = []
    with tempfile.TemporaryDirectory() as data_dir:
        targets.append(("SQLite", f"sqlite:///{data_dir}/bench.sqlite3", data_dir))
        pg = postgres_url()
        if pg:
            targets.append(("PostgreSQL", pg, data_dir))
        for label, url, directory in targets:
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "alongside.settings",
                "ALONGSIDE_DATA_DIR": directory,
                "DATABASE_URL": url,
            }
            out = (
                subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--child",
                        "--reminders",
                        str(args.reminders),
                        "--members",
                        str(args.members),
                    ],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            result = json.loads(out)
            print(
                f"{label:<10} {result['delivered']:>7} reminders to {result['members']} members in "
                f"{result['seconds']:>6} s = {result['per_second']:>8} per second; "
                f"Python peak {result['python_peak_mib']} MiB, max RSS {result['max_rss_mib']} MiB "
                f"(set-up {result['setup_seconds']} s; rows sent: {result['sent_rows']})"
            )


if __name__ == "__main__":
    main()
