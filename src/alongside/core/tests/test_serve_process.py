"""`alongside serve` as a host runs it: stopped with SIGTERM or SIGINT it leaves no worker
behind, and a worker whose `serve` was killed outright stops by itself."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/task").exists(), reason="reads child processes from /proc"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children_of(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def running(pid: int) -> bool:
    """True while the process exists and is not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def start_serve(tmp_path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(ALONGSIDE_DATA_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'alongside.sqlite3'}")
    serve = subprocess.Popen(
        [sys.executable, "-m", "alongside.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "serve.log", "ab"),  # noqa: SIM115 - closed when the process ends
    )

    def healthy() -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    assert wait_for(healthy, 120), (tmp_path / "serve.log").read_text()
    return serve, port


def worker_of(serve: subprocess.Popen) -> int:
    assert wait_for(lambda: children_of(serve.pid), 30)
    (worker,) = children_of(serve.pid)
    assert "worker" in Path(f"/proc/{worker}/cmdline").read_text()
    return worker


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_stopping_serve_stops_its_worker(tmp_path, stop_signal):
    serve, _port = start_serve(tmp_path)
    try:
        worker = worker_of(serve)
        serve.send_signal(stop_signal)
        assert serve.wait(timeout=30) == 0
        assert not running(worker), "no worker process left behind"
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()


def test_a_worker_whose_serve_was_killed_stops_by_itself(tmp_path):
    serve, _port = start_serve(tmp_path)
    worker = worker_of(serve)
    serve.send_signal(signal.SIGKILL)
    serve.wait()
    try:
        assert wait_for(lambda: not running(worker), 30), "the orphaned worker noticed and stopped"
    finally:
        if running(worker):
            os.kill(worker, signal.SIGKILL)
