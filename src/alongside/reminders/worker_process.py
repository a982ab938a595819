"""On a laptop, `alongside serve` runs the worker as a child process beside the web server.

The child is told its parent's pid and stops when the parent is gone, even after a SIGKILL;
`serve` stops it on SIGTERM and SIGINT (see ``core.serving``)."""

from __future__ import annotations

import os
import subprocess
import sys


def start_beside_server() -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "alongside.cli",
            "worker",
            "--verbosity",
            "0",
            "--parent-pid",
            str(os.getpid()),
        ]
    )
