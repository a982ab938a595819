"""Real worker processes against a real local SMTP server (aiosmtpd): killed with SIGKILL in the
middle of 200 due e-mails and restarted, every message arrives and at most one arrives twice;
two workers on PostgreSQL send every message exactly once.

Each test prepares its own database (a SQLite file in a temporary data directory, or its own
PostgreSQL database) with `alongside migrate` and `alongside shell`, and stops what it started.
"""

from __future__ import annotations

import collections
import os
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
from aiosmtpd.controller import Controller

MESSAGES = 200
SETUP = f"""
from django.utils import timezone
from alongside.accounts.models import User
from alongside.reminders import services
from alongside.reminders.events import Due, EventType
now = timezone.now()
for i in range({MESSAGES}):
    user = User.objects.create_user(email=f"member{{i}}@example.org", password=None, display_name=f"Member {{i}}")
    services.save_preferences(user, wanted={{"appointment:email"}}, quiet_start=None, quiet_end=None, show_details=False)
    services.schedule(Due(event_type=EventType.APPOINTMENT, user_id=user.pk, key="visit:1", due_at=now))
"""


class CountingInbox:
    """Counts the messages each recipient received; a little slow, like a real server."""

    def __init__(self):
        self.received: collections.Counter = collections.Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        await asyncio.sleep(0.01)
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.received[rcpt] += 1
        return "250 OK"

    def total(self) -> int:
        with self.lock:
            return sum(self.received.values())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def inbox():
    handler = CountingInbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


def worker_env(tmp_path, smtp_port: int, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        ALONGSIDE_DATA_DIR=str(tmp_path),
        DATABASE_URL=database_url,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        EMAIL_USE_TLS="0",
        # Short lease and tick so that the test does not wait minutes for the claim of a
        # killed worker to run out.
        ALONGSIDE_REMINDER_LEASE_SECONDS="3",
        ALONGSIDE_TICK_SECONDS="2",
        ALONGSIDE_REMINDER_BATCH="20",
    )
    return env


def alongside(env, *args, timeout=180) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "alongside.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def start_worker(env, tmp_path, name: str) -> subprocess.Popen:
    log = open(tmp_path / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [sys.executable, "-m", "alongside.cli", "worker", "--interval", "0.2"],
        env=env,
        stdout=log,
        stderr=log,
    )
    process.log = log
    return process


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    process.log.close()


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_a_worker_killed_in_the_middle_of_200_e_mails_loses_none_and_repeats_at_most_one(tmp_path, inbox):
    handler, port = inbox
    env = worker_env(tmp_path, port, f"sqlite:///{tmp_path / 'alongside.sqlite3'}")
    alongside(env, "migrate", "--verbosity", "0")
    alongside(env, "shell", "-c", SETUP)

    first = start_worker(env, tmp_path, "first")
    try:
        assert wait_for(lambda: handler.total() >= MESSAGES // 4, 60), "the worker started sending"
        first.send_signal(signal.SIGKILL)
        first.wait()
        at_kill = handler.total()
    finally:
        stop(first)
    assert at_kill < MESSAGES, "killed in the middle"

    second = start_worker(env, tmp_path, "second")
    try:
        wait_for(lambda: len(handler.received) == MESSAGES, 60)
        time.sleep(1)  # anything sent twice would arrive now
    finally:
        stop(second)

    twice = [rcpt for rcpt, count in handler.received.items() if count > 1]
    print(f"killed after {at_kill} of {MESSAGES}; {handler.total()} messages, {len(twice)} twice")
    assert len(handler.received) == MESSAGES, "every message arrived"
    assert len(twice) <= 1 and max(handler.received.values()) <= 2


def postgres_url(name: str) -> str | None:
    try:
        import psycopg

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3, autocommit=True
        ) as db:
            db.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            db.execute(f"CREATE DATABASE {name}")
    except Exception:  # noqa: BLE001 - no PostgreSQL here: the test is skipped
        return None
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def drop_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect(
        "postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3, autocommit=True
    ) as db:
        db.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_two_workers_on_postgresql_send_every_message_exactly_once(tmp_path, inbox):
    # Its own database, named after the process, so parallel runs and other checkouts never share it.
    name = f"alongside_workers_{os.getpid()}"
    url = postgres_url(name)
    if url is None:
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    handler, port = inbox
    env = worker_env(tmp_path, port, url)
    try:
        alongside(env, "migrate", "--verbosity", "0")
        alongside(env, "shell", "-c", SETUP)
        workers = [start_worker(env, tmp_path, f"worker{n}") for n in (1, 2)]
        try:
            wait_for(lambda: len(handler.received) == MESSAGES, 90)
            time.sleep(1)
        finally:
            for worker in workers:
                stop(worker)
        logs = [(tmp_path / f"worker{n}.log").read_text() for n in (1, 2)]
    finally:
        drop_postgres(name)

    twice = [rcpt for rcpt, count in handler.received.items() if count > 1]
    print(
        f"two workers on PostgreSQL: {handler.total()} messages to {len(handler.received)} members, {len(twice)} twice"
    )
    assert len(handler.received) == MESSAGES, logs
    assert not twice
    assert all("delivered" in log for log in logs), "both workers took a share"
