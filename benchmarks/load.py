"""Benchmark: 50 signed-in members at once, reading and writing, against a real server.

Two set-ups, each on a fresh database in a temporary data directory, loopback only:

- ``serve``: `alongside serve` on SQLite (waitress, one process, its worker), as on a laptop;
- ``gunicorn``: 4 gunicorn processes on PostgreSQL with the Redis cache and two `alongside worker`
  processes, as an organisation runs it (needs gunicorn installed, PostgreSQL on 127.0.0.1:5432
  and Redis on 127.0.0.1:6379).

Each member is signed in (the first through the log-in form, the others with a session made
beforehand, as allauth allows 30 log-ins a minute from one address), then for the whole run (60 s by default) opens circle pages and,
about one time in four, writes a note (opening the form, then posting it). Prints requests per
second, p50/p95 latency, errors (goal 0), and checks afterwards, in the database, that every
note the server accepted is there (goal all). Every process it starts, it stops.

    .venv/bin/python benchmarks/load.py [--target serve|gunicorn|both] [--seconds 60] [--members 50]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import requests

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
PG_DATABASE = "alongside_perf_load"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/13"
PASSWORD = "a-long-load-test-password"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

SETUP = """
import json, sys
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("createcachetable", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
call_command("load_demo", stdout=open("/dev/null", "w"))
from django.contrib.auth import get_user_model
from alongside.circles.models import Circle, Membership
# The circle's name is encrypted at rest (no lookups on it): the demo made the only circle.
circle = Circle.objects.order_by("-created_at").first()
User = get_user_model()
template = User(email="x@load.invalid"); template.set_password(sys.argv[1])
users = User.objects.bulk_create(
    User(email=f"member{i}@load.invalid", display_name=f"Member {i}", password=template.password)
    for i in range(int(sys.argv[2]))
)
users = User.objects.filter(email__endswith="@load.invalid").exclude(email="x@load.invalid")
Membership.objects.bulk_create(Membership(circle=circle, user=u, role="supporter") for u in users)
# Signed-in sessions made here: allauth allows 30 log-ins a minute from one address, and every
# member of this benchmark comes from 127.0.0.1.
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
sessions = {}
for user in users:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    sessions[user.email] = store.session_key
print(json.dumps({"circle": str(circle.id), "sessions": sessions}))
"""

VERIFY = """
import json, sys
from alongside.notes.models import Note
titles = [n.title for n in Note.objects.filter(author__email__endswith="@load.invalid")]
print(json.dumps(titles))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _django(env: dict, script: str, *args: str) -> str:
    code = "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'alongside.settings'); django.setup()\n"
    result = subprocess.run(
        [sys.executable, "-c", code + script, *args], env=env, capture_output=True, text=True, timeout=600
    )
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])
    return result.stdout.strip().splitlines()[-1]


def _start(command: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        cwd=ROOT,
    )


def _stop(processes: list[subprocess.Popen]) -> None:
    """Stop each process group this script started (a server and the worker it started)."""
    for process in processes:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()


def _wait_up(base: str, processes: list[subprocess.Popen]) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        if any(p.poll() is not None for p in processes):
            break
        time.sleep(0.5)
    _stop(processes)
    raise SystemExit("the server did not start")


class Member(threading.Thread):
    def __init__(self, n: int, base: str, circle: str, stop_at: float, run_id: str, results: dict, lock):
        super().__init__(daemon=True)
        self.n, self.base, self.circle, self.stop_at, self.run_id = n, base, circle, stop_at, run_id
        self.results, self.lock = results, lock
        self.session = requests.Session()
        self.rng = random.Random(n)
        c = f"/c/{circle}"
        self.pages = [
            f"{c}/",
            f"{c}/notes/",
            f"{c}/journal/",
            f"{c}/care/appointments/",
            "/circles/",
            "/emergency/",
        ]

    def request(self, method: str, path: str, **kwargs) -> requests.Response | None:
        started = time.perf_counter()
        try:
            response = self.session.request(
                method, self.base + path, timeout=60, allow_redirects=False, **kwargs
            )
        except requests.RequestException as exc:
            response, status = None, type(exc).__name__
        else:
            status = response.status_code
        elapsed = time.perf_counter() - started
        ok = response is not None and status < 400
        with self.lock:
            self.results["latencies"].append(elapsed)
            if not ok:
                self.results["errors"].append(f"{method} {path}: {status}")
        return response if ok else None

    def sign_in(self) -> bool:
        """Use the member's session; the first member also signs in through the log-in form."""
        if self.n == 0:
            form = self.session.get(self.base + "/accounts/login/", timeout=60)
            response = self.session.post(
                self.base + "/accounts/login/",
                data={
                    "login": "member0@load.invalid",
                    "password": PASSWORD,
                    "csrfmiddlewaretoken": CSRF.search(form.text).group(1),
                },
                headers={"Referer": self.base + "/accounts/login/"},
                allow_redirects=False,
                timeout=60,
            )
            if response.status_code != 302:
                return False
        else:
            self.session.cookies.set("sessionid", self.results["sessions"][f"member{self.n}@load.invalid"])
        home = self.session.get(self.base + "/circles/", timeout=60, allow_redirects=False)
        return home.status_code == 200 or (
            home.status_code == 302 and "login" not in home.headers["Location"]
        )

    def write_note(self) -> None:
        form = self.request("GET", f"/c/{self.circle}/notes/new/")
        if form is None:
            return
        marker = f"{self.run_id}-{self.n}-{uuid.uuid4().hex[:8]}"
        with self.lock:
            self.results["writes_tried"] += 1
        response = self.request(
            "POST",
            f"/c/{self.circle}/notes/new/",
            data={
                "title": marker,
                "body": "Written under load.",
                "visibility": "supporters",
                "csrfmiddlewaretoken": CSRF.search(form.text).group(1),
            },
            headers={"Referer": self.base + f"/c/{self.circle}/notes/new/"},
        )
        if response is not None and response.status_code == 302:
            with self.lock:
                self.results["written"].append(marker)
        elif response is not None:
            with self.lock:
                self.results["errors"].append(f"note not accepted: {response.status_code}")

    def run(self) -> None:
        try:
            signed_in = self.sign_in()
        except (requests.RequestException, AttributeError, KeyError) as exc:
            signed_in = False
            self.results["errors"].append(f"member{self.n}: {exc!r}")
        with self.lock:
            if signed_in:
                self.results["signed_in"] += 1
            else:
                self.results["errors"].append(f"member{self.n} could not sign in")
        self.results["barrier"].wait()  # everyone starts together, when all have signed in
        if not signed_in:
            return
        self.stop_at = self.results["stop_at"]
        while time.monotonic() < self.stop_at:
            if self.rng.random() < 0.25:
                self.write_note()
            else:
                self.request("GET", self.rng.choice(self.pages))


def run_load(base: str, setup: dict, members: int, seconds: float) -> dict:
    lock = threading.Lock()
    circle = setup["circle"]
    results = {
        "latencies": [],
        "errors": [],
        "written": [],
        "writes_tried": 0,
        "signed_in": 0,
        "sessions": setup["sessions"],
    }

    def start_clock():  # runs once, when every member has signed in (sign-ins are not timed)
        results["started"] = time.monotonic()
        results["stop_at"] = results["started"] + seconds

    results["barrier"] = threading.Barrier(members, action=start_clock)
    run_id = uuid.uuid4().hex[:6]
    threads = [Member(n, base, circle, 0, run_id, results, lock) for n in range(members)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 600)
    results["elapsed"] = time.monotonic() - results["started"]
    return results


def report(label: str, results: dict, stored: list[str]) -> bool:
    latencies = sorted(results["latencies"])
    count = len(latencies)
    p50 = statistics.median(latencies) * 1000 if latencies else 0
    p95 = latencies[int(0.95 * (count - 1))] * 1000 if latencies else 0
    written = set(results["written"])
    missing = written - set(stored)
    print(f"\n{label}")
    print(
        f"  members signed in: {results['signed_in']}; {count} requests in {results['elapsed']:.1f} s = "
        f"{count / results['elapsed']:.1f} req/s; p50 {p50:.0f} ms, p95 {p95:.0f} ms"
    )
    print(
        f"  errors: {len(results['errors'])} (goal 0)"
        + (f"; first: {results['errors'][:5]}" if results["errors"] else "")
    )
    print(
        f"  writes: {results['writes_tried']} tried, {len(written)} accepted, "
        f"{len(written) - len(missing)} found in the database afterwards (goal all); missing {len(missing)}"
    )
    return not results["errors"] and not missing and results["writes_tried"] == len(written)


def target_serve(args) -> bool:
    data_dir = tempfile.mkdtemp(prefix="alongside-bench-load-")
    env = {
        **os.environ,
        "ALONGSIDE_DATA_DIR": data_dir,
        "PYTHONPATH": os.path.join(ROOT, "src"),
        "LOG_LEVEL": "ERROR",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    try:
        setup = json.loads(_django(env, SETUP, PASSWORD, str(args.members)))
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        processes = [_start([sys.executable, "-m", "alongside.cli", "serve", "--port", str(port)], env)]
        try:
            _wait_up(base, processes)
            results = run_load(base, setup, args.members, args.seconds)
        finally:
            _stop(processes)
        stored = json.loads(_django(env, VERIFY))
        return report(
            f"alongside serve (waitress, 8 threads) on SQLite, {args.members} members, {args.seconds:.0f} s",
            results,
            stored,
        )
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
        connection.execute(sql)


def target_gunicorn(args) -> bool:
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which("gunicorn")
    if not gunicorn:
        print("\ngunicorn is not installed: skipped (pip install gunicorn)")
        return False
    data_dir = tempfile.mkdtemp(prefix="alongside-bench-load-")
    env = {
        **os.environ,
        "ALONGSIDE_DATA_DIR": data_dir,
        "PYTHONPATH": os.path.join(ROOT, "src"),
        "DATABASE_URL": PG_URL,
        "REDIS_URL": REDIS_URL,
        "LOG_LEVEL": "ERROR",
    }
    _pg(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
    _pg(f'CREATE DATABASE "{PG_DATABASE}"')
    try:
        setup = json.loads(_django(env, SETUP, PASSWORD, str(args.members)))
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        processes = [
            _start(
                [
                    gunicorn,
                    "alongside.wsgi:application",
                    "--workers",
                    "4",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--timeout",
                    "120",
                ],
                env,
            ),
            _start([sys.executable, "-m", "alongside.cli", "worker"], env),
            _start([sys.executable, "-m", "alongside.cli", "worker"], env),
        ]
        try:
            _wait_up(base, processes)
            results = run_load(base, setup, args.members, args.seconds)
        finally:
            _stop(processes)
        stored = json.loads(_django(env, VERIFY))
        return report(
            f"gunicorn (4 sync processes) on PostgreSQL + Redis, two workers, {args.members} members, "
            f"{args.seconds:.0f} s",
            results,
            stored,
        )
    finally:
        _pg(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        shutil.rmtree(data_dir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--target", choices=["serve", "gunicorn", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--members", type=int, default=50)
    args = parser.parse_args()
    good = True
    if args.target in ("serve", "both"):
        good &= target_serve(args)
    if args.target in ("gunicorn", "both"):
        good &= target_gunicorn(args)
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
