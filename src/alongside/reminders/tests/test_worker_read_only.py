"""A worker on a read-only data directory says so clearly and exits non-zero; /healthz shows it.

The data directory is made read-only with a read-only bind mount in a private mount namespace
(`unshare -m`), so nothing outside the test's processes sees it; skipped where that is not
allowed (it needs root, which also ignores file permissions, so chmod would prove nothing)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest


def read_only(data_dir, *command: str) -> list[str]:
    script = f'mount --bind "{data_dir}" "{data_dir}" && mount -o remount,ro,bind "{data_dir}" && exec "$@"'
    return ["unshare", "-m", "sh", "-c", script, "sh", *command]


def can_mount(tmp_path) -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(read_only(tmp_path, "true"), capture_output=True)
    return probe.returncode == 0


def test_a_worker_on_a_read_only_data_directory_logs_why_and_exits_non_zero_and_healthz_shows_it(tmp_path):
    if not can_mount(tmp_path):
        pytest.skip("cannot make a read-only bind mount here (needs root and unshare)")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(ALONGSIDE_DATA_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'alongside.sqlite3'}")
    alongside = [sys.executable, "-m", "alongside.cli"]
    subprocess.run([*alongside, "migrate", "--verbosity", "0"], env=env, check=True, timeout=180)

    worker = subprocess.run(
        read_only(tmp_path, *alongside, "worker"), env=env, capture_output=True, text=True, timeout=60
    )
    assert worker.returncode == 3
    assert "The worker cannot write to its database" in worker.stderr
    assert "data directory" in worker.stderr and "Traceback" not in worker.stderr

    probe = "from django.test import Client; r = Client().get('/healthz'); print(r.status_code, r.json())"
    health = subprocess.run(
        read_only(tmp_path, *alongside, "shell", "-c", probe),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "503 {'status': 'unavailable', 'database': 'not writable'}" in health.stdout, health.stderr
