"""On a laptop, `alongside serve` runs the worker as a child process beside the web server."""

from __future__ import annotations

import atexit
import subprocess
import sys


def start_beside_server() -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "alongside.cli", "worker", "--verbosity", "0"])
    atexit.register(process.terminate)
    return process
