"""Benchmark: the emergency page's weight on the wire, in each language.

Starts `alongside serve` (as a host or a laptop runs it) on a free loopback port, fetches
/emergency/ (and /es/, /fr/) over real HTTP with ``Accept-Encoding: gzip, br`` as a browser
sends it, follows every file the page links to (stylesheet, script, icon, manifest), and counts
the bytes each response actually carries: the body as sent (compressed only if the server
compressed it) plus the status line and headers. Prints the total against the 14,336-byte budget
(one TCP round trip, ten segments), the number of requests and how many go to another host (must
be 0). Stops the server and its worker when done.

    .venv/bin/python benchmarks/emergency_weight.py [--url http://127.0.0.1:8000]   # or a running server
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from urllib.parse import urlparse

BUDGET = 14_336
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])
        elif tag in ("script", "img") and attrs.get("src"):
            self.urls.append(attrs["src"])


def fetch(host: str, port: int, path: str) -> tuple[int, int, int, bytes, str]:
    """Status, header bytes, body bytes as sent, the decoded body and the content encoding."""
    connection = http.client.HTTPConnection(host, port, timeout=20)
    connection.request("GET", path, headers={"Accept-Encoding": "gzip, br", "Accept": "*/*"})
    response = connection.getresponse()
    body = response.read()
    head = (
        f"HTTP/1.1 {response.status} {response.reason}\r\n"
        + "".join(f"{k}: {v}\r\n" for k, v in response.getheaders())
        + "\r\n"
    )
    encoding = response.getheader("Content-Encoding", "")
    connection.close()
    decoded = gzip.decompress(body) if encoding == "gzip" else body
    return response.status, len(head.encode("latin-1")), len(body), decoded, encoding or "none"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server() -> tuple[subprocess.Popen, int]:
    port = _free_port()
    data_dir = tempfile.mkdtemp(prefix="alongside-bench-weight-")
    env = {**os.environ, "ALONGSIDE_DATA_DIR": data_dir, "PYTHONPATH": os.path.join(ROOT, "src")}
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "alongside.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if fetch("127.0.0.1", port, "/healthz")[0] == 200:
                return server, port
        except OSError:
            time.sleep(0.3)
        if server.poll() is not None:
            break
    stop_server(server)
    raise SystemExit("alongside serve did not start")


def stop_server(server: subprocess.Popen) -> None:
    """Stop the server and the worker it started: the whole process group this script made."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            return
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            continue
        try:
            os.killpg(server.pid, signal.SIGKILL)  # a worker left behind
        except ProcessLookupError:
            pass
        return


def measure(host: str, port: int) -> int:
    worst = 0
    for prefix in ("", "/es", "/fr"):
        page_url = f"{prefix}/emergency/"
        status, head, sent, html, encoding = fetch(host, port, page_url)
        assert status == 200, (page_url, status)
        parser = Links()
        parser.feed(html.decode("utf-8"))
        rows = [(page_url, len(html), sent, head, encoding)]
        foreign = [u for u in parser.urls if urlparse(u).netloc]
        for url in parser.urls:
            if urlparse(url).netloc:
                continue
            status, head, sent, body, encoding = fetch(host, port, url)
            assert status == 200, (url, status)
            rows.append((url, len(body), sent, head, encoding))
        total = sum(r[2] + r[3] for r in rows)
        worst = max(worst, total)
        print(
            f"{page_url}: {len(rows)} requests, {len(foreign)} to other hosts, {total} bytes on the wire "
            f"(bodies {sum(r[2] for r in rows)} + headers {sum(r[3] for r in rows)}; "
            f"{total / BUDGET:.0%} of {BUDGET})"
        )
        for url, raw, sent, head, encoding in rows:
            print(f"    {url:<52} {raw:>6} raw {sent:>6} sent ({encoding}) + {head:>4} headers")
        if foreign:
            print("    other hosts:", foreign)
            return -1
    return worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="measure a server already running here instead of starting one")
    args = parser.parse_args()
    if args.url:
        parsed = urlparse(args.url)
        worst = measure(parsed.hostname, parsed.port or 80)
    else:
        server, port = start_server()
        try:
            print(f"alongside serve on 127.0.0.1:{port}")
            worst = measure("127.0.0.1", port)
        finally:
            stop_server(server)
    if worst < 0:
        return 1
    print(f"largest: {worst} bytes; budget {BUDGET}; {'within' if worst <= BUDGET else 'OVER'} budget")
    return 0 if worst <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
