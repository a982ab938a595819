"""Build Alongside's wheel, install it into a fresh virtual environment, serve the demo from it and
fetch a few pages: the wheel must carry the templates, static files, translations and content.

    python scripts/check_wheel.py [--python python3]

Everything happens in a temporary folder outside the checkout (so nothing is read from `src/`);
the server and its worker are stopped at the end, whatever happens. Uses only the standard
library and pip (dependencies at the versions requirements.lock pins).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# (path, words the page must contain): a template, content read from files (the emergency steps,
# a Spanish library article), a compiled translation ("Salida rápida") and a static file.
PAGES = [
    ("/", "Start a private circle"),
    ("/emergency/", "Signs of an overdose"),
    ("/es/learn/", "La adicción es una enfermedad crónica"),
    ("/es/learn/", "Salida rápida"),
    ("/static/alongside/css/alongside.css", "--muted"),
]


def run(*command, **options) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], check=True, **options)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped with code {server.returncode} before it answered")
        try:
            if fetch(url)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"no answer from {url} after {seconds:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable, help="the Python that builds and runs the venv")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="alongside-wheel-") as tmp:
        tmp = Path(tmp)
        run(args.python, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", tmp / "dist", REPO)
        wheel = next((tmp / "dist").glob("alongside-*.whl"))
        run(args.python, "-m", "venv", tmp / "venv")
        pip = [tmp / "venv" / "bin" / "python", "-m", "pip", "install", "--quiet"]
        # Only what the wheel needs, at the versions requirements.lock pins (no test tools).
        constraints = tmp / "constraints.txt"
        pins = [
            line.split()[0] for line in (REPO / "requirements.lock").read_text().splitlines() if "==" in line
        ]
        constraints.write_text("\n".join(pins) + "\n")
        run(*pip, "--constraint", constraints, wheel)
        port = free_port()
        environment = {**os.environ, "ALONGSIDE_DATA_DIR": str(tmp / "data"), "PYTHONPATH": ""}
        environment.pop("DATABASE_URL", None)
        server = subprocess.Popen(
            [tmp / "venv" / "bin" / "alongside", "serve", "--demo", "--port", str(port)],
            cwd=tmp,
            env=environment,
            start_new_session=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base + "/healthz", server)
            failures = []
            for path, words in PAGES:
                status, body = fetch(base + path)
                ok = status == 200 and words in body
                print(f"{'ok ' if ok else 'BAD'} {status} {path}", flush=True)
                if not ok:
                    failures.append(f"{path}: {status}, {words!r} {'found' if words in body else 'missing'}")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                output, _ = server.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                output, _ = server.communicate()
        if failures:
            print(output[-4000:])
            print("The installed wheel does not serve the demo:\n  " + "\n  ".join(failures))
            return 1
        print(f"The wheel {wheel.name} serves the demo from a fresh virtual environment.")
        return 0


if __name__ == "__main__":
    sys.exit(main())
