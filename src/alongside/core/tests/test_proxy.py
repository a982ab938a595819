"""Behind the HTTPS proxy a host puts in front: the log-in rate limits key on each client's own
address, X-Forwarded-Proto from the proxy counts (no redirect loop), the production profile
prepares its static files before serving, and gunicorn serves it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ATTACKER, MEMBER = "203.0.113.5", "198.51.100.7"


@pytest.fixture
def shared_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "proxy-tests"}
    }
    from django.core.cache import cache

    cache.clear()  # rate-limit counters from earlier tests in this process would lock the account


def failed_log_ins_then_a_real_one(make_user, forwarded_for: dict) -> bool:
    """Ten failed log-ins against made-up addresses from one client, then a real member's log-in
    from another client; all through the same proxy (REMOTE_ADDR 127.0.0.1). True if it worked."""
    member = make_user("ProxyMember")
    attacker = Client(HTTP_X_FORWARDED_FOR=forwarded_for["attacker"])
    for n in range(11):
        attacker.post(
            reverse("account_login"), {"login": f"made-up-{n}@example.org", "password": "wrong-password"}
        )
    real = Client(HTTP_X_FORWARDED_FOR=forwarded_for["member"])
    real.post(reverse("account_login"), {"login": member.email, "password": "a-long-test-password"})
    return "_auth_user_id" in real.session


def test_with_the_proxy_trusted_failed_log_ins_from_one_client_do_not_lock_out_another(
    settings, shared_cache, make_user
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert failed_log_ins_then_a_real_one(make_user, {"attacker": ATTACKER, "member": MEMBER})


def test_without_a_trusted_proxy_everyone_behind_it_shares_one_address(settings, shared_cache, make_user):
    """What hosts saw before ALONGSIDE_TRUSTED_PROXIES: the proxy's address is everyone's."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert not failed_log_ins_then_a_real_one(make_user, {"attacker": ATTACKER, "member": MEMBER})


def test_forwarding_headers_from_an_address_that_is_not_a_named_proxy_are_ignored(
    settings, shared_cache, make_user
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXY_ADDRESSES = ["10.0.0.2"]  # the test client's 127.0.0.1 is not the proxy
    assert not failed_log_ins_then_a_real_one(make_user, {"attacker": ATTACKER, "member": MEMBER})
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    request = Client().get("/robots.txt", HTTP_X_FORWARDED_PROTO="https").wsgi_request
    assert not request.is_secure()


def test_the_trusted_proxies_setting_reads_a_count_or_addresses(tmp_path):
    def read(value: str, profile: str = "production") -> str:
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        env.update(
            ALONGSIDE_PROFILE=profile, ALONGSIDE_DATA_DIR=str(tmp_path), ALONGSIDE_TRUSTED_PROXIES=value
        )
        code = (
            "from django.conf import settings as s; from alongside.core.serving import waitress_proxy_options as w;"
            "print(s.ALLAUTH_TRUSTED_PROXY_COUNT, s.TRUSTED_PROXY_ADDRESSES, s.SECURE_PROXY_SSL_HEADER, sorted(w()))"
        )
        return (
            subprocess.run(
                [sys.executable, "-m", "alongside.cli", "shell", "-c", code],
                env=env,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )

    options = (
        "['clear_untrusted_proxy_headers', 'trusted_proxy', 'trusted_proxy_count', 'trusted_proxy_headers']"
    )
    assert read("2") == f"2 [] ('HTTP_X_FORWARDED_PROTO', 'https') {options}"
    assert (
        read("10.0.0.2, 10.0.0.3")
        == f"1 ['10.0.0.2', '10.0.0.3'] ('HTTP_X_FORWARDED_PROTO', 'https') {options}"
    )
    assert read("", profile="laptop") == "0 [] None []"


# Servers in subprocesses, as a host runs them.


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        ALONGSIDE_PROFILE="production",
        ALONGSIDE_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'alongside.sqlite3'}",
        ALLOWED_HOSTS="localhost,127.0.0.1",
        ALONGSIDE_TRUSTED_PROXIES="127.0.0.1",
    )
    return env


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, str]:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=60) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def wait_until_up(url: str, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(log.read_text())


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_serve_in_production_prepares_static_files_and_honours_https_from_the_proxy_and_so_does_gunicorn(
    tmp_path,
):
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "ab") as out:
        serve = subprocess.Popen(
            [sys.executable, "-m", "alongside.cli", "serve", "--port", str(port)],
            env=production_env(tmp_path),
            stdout=out,
            stderr=out,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base + "/robots.txt", serve, log)
        status, headers, page = fetch(base + "/", {"X-Forwarded-Proto": "https"})
        assert status == 200, page[:500]
        assert "Strict-Transport-Security" in headers
        assert "/static/alongside/css/alongside." in page and ".css" in page, "hashed static names"
        css = page.split('href="/static/alongside/css/', 1)[1].split('"', 1)[0]
        assert css != "alongside.css"
        assert fetch(f"{base}/static/alongside/css/{css}", {"X-Forwarded-Proto": "https"})[0] == 200

        status, headers, _page = fetch(base + "/")  # plain HTTP: sent to HTTPS once, no loop
        assert status == 301 and headers["Location"].startswith("https://")
    finally:
        stop(serve)
    assert "Static files ready" in log.read_text()

    # The server documented for hosts, on what `serve` prepared.
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with open(log, "ab") as out:
        gunicorn = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "alongside.wsgi",
            ],
            env=production_env(tmp_path),
            stdout=out,
            stderr=out,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base + "/robots.txt", gunicorn, log)
        assert fetch(base + "/healthz")[0] == 200, "health checks over plain HTTP from inside"
        status, _headers, page = fetch(base + "/accounts/login/", {"X-Forwarded-Proto": "https"})
        assert status == 200 and 'name="password"' in page
        assert fetch(base + "/accounts/login/")[0] == 301
    finally:
        stop(gunicorn)


def test_serve_refuses_to_start_with_a_clear_message_when_static_files_cannot_be_written(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    env = {**production_env(tmp_path), "STATIC_ROOT": str(blocker / "static")}
    result = subprocess.run(
        [sys.executable, "-m", "alongside.cli", "serve", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode != 0
    assert "Alongside cannot prepare its static files" in result.stderr
    assert "alongside collectstatic" in result.stderr and "Traceback" not in result.stderr
