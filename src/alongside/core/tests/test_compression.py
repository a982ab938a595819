"""Pages and static files go over the wire compressed, and hashed static files are cached long."""

from __future__ import annotations

import gzip
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.django_db


def test_pages_are_gzipped_for_clients_that_accept_it_and_plain_for_others(client):
    plain = client.get("/emergency/")
    packed = client.get("/emergency/", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content).startswith(b"<!doctype html>")
    assert len(packed.content) < len(plain.content) / 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str, **headers) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def test_alongside_serve_collects_static_files_and_serves_them_hashed_compressed_and_cached_long(tmp_path):
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")},
        "ALONGSIDE_STATIC_MANIFEST": "1",
        "ALONGSIDE_DATA_DIR": str(tmp_path),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "alongside.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if _get(port, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, server.stderr.read().decode()
            assert time.monotonic() < deadline, "alongside serve did not start"
            time.sleep(0.3)
        status, headers, body = _get(port, "/emergency/", **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers["content-encoding"] == "gzip"
        html = gzip.decompress(body).decode()
        css = re.search(r'href="(/static/safety/emergency\.[0-9a-f]{12}\.css)"', html)
        assert css, "the page links the hashed stylesheet"
        status, headers, body = _get(port, css.group(1), **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers["content-encoding"] == "gzip"
        assert int(re.search(r"max-age=(\d+)", headers["cache-control"]).group(1)) >= 365 * 24 * 3600
        assert "immutable" in headers["cache-control"]
        assert b"{" in gzip.decompress(body)
    finally:
        # serve runs a worker beside it: stop the whole group this test started.
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        try:
            os.killpg(server.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
