"""Running the web server (and, once they exist, background workers) for `alongside serve`."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import threading
from collections.abc import Callable

from django.conf import settings

logger = logging.getLogger("alongside.serve")

_before_serve: list[Callable] = []
_background_starters: list[Callable[[], subprocess.Popen]] = []
# How long a stopping worker may finish the task in hand before it is killed.
STOP_GRACE_SECONDS = 10


def register_before_serve(hook: Callable) -> None:
    """Apps add work that `serve` does after migrating (e.g. building a search index)."""
    _before_serve.append(hook)


def register_background(starter: Callable[[], subprocess.Popen]) -> None:
    """Apps add a worker process that `serve` starts beside the web server on a laptop."""
    _background_starters.append(starter)


def before_serve_hooks() -> list[Callable]:
    return list(_before_serve)


def laptop_address(host: str, port: int) -> str:
    return f"http://{'localhost' if host in ('127.0.0.1', '::1', '0.0.0.0') else host}:{port}/"


def use_address_for_links(address: str) -> None:
    """Links in e-mails point at the address `serve` listens on, unless the host set one.

    The environment carries it to the worker, which runs as a child process."""
    if os.environ.get("ALONGSIDE_BASE_URL"):
        return
    os.environ["ALONGSIDE_BASE_URL"] = address
    settings.ALONGSIDE_BASE_URL = address


def prepare(stdout) -> None:
    """Everything before serving: the database schema, the cache table, the static files in the
    production profile, and the apps' own work. Safe to repeat (`alongside prepare`, `serve`)."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    collect_static_files(stdout)
    for hook in before_serve_hooks():
        hook(stdout)


def collect_static_files(stdout) -> None:
    """The production profile serves hashed, compressed copies listed in a manifest that
    `collectstatic` writes; without it every page would fail. `serve` writes it first."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    if not (settings.PRODUCTION or settings.STATIC_MANIFEST):
        return
    try:
        call_command("collectstatic", interactive=False, verbosity=0)
    except Exception as exc:  # noqa: BLE001 - any failure here means pages cannot be served
        raise CommandError(
            f"Alongside cannot prepare its static files in {settings.STATIC_ROOT} ({exc}). "
            "Make that folder writable (or set STATIC_ROOT to one that is), or run "
            "`alongside collectstatic` yourself before `alongside serve`."
        ) from exc
    stdout.write(f"Static files ready in {settings.STATIC_ROOT}")


def waitress_proxy_options() -> dict:
    """Waitress honours X-Forwarded-Proto from the trusted proxies (ALONGSIDE_TRUSTED_PROXIES) and
    passes the forwarding headers on, for Django's SECURE_PROXY_SSL_HEADER and allauth's client
    address; without proxies it drops them, as it always did."""
    if not settings.TRUSTED_PROXY_COUNT:
        return {}
    addresses = settings.TRUSTED_PROXY_ADDRESSES
    return {
        "trusted_proxy": addresses[0] if len(addresses) == 1 else "*",
        "trusted_proxy_count": settings.TRUSTED_PROXY_COUNT,
        "trusted_proxy_headers": {"x-forwarded-proto"},
        "clear_untrusted_proxy_headers": False,
    }


def run(*, host: str, port: int, threads: int) -> None:
    """Serve with waitress, with the background workers as child processes.

    SIGTERM and SIGINT stop the server and then the children (each may finish its task for
    ``STOP_GRACE_SECONDS``); a child that dies on its own is logged, and /healthz shows it."""
    from waitress import serve

    from alongside.wsgi import application

    children = [start() for start in _background_starters]
    for child in children:
        threading.Thread(target=_report_unexpected_exit, args=(child,), daemon=True).start()

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        serve(
            application, host=host, port=port, threads=threads, ident="Alongside", **waitress_proxy_options()
        )
    finally:
        stop_children(children)


def stop_children(children: list[subprocess.Popen]) -> None:
    for child in children:
        child.stopping = True
        if child.poll() is None:
            child.terminate()
    for child in children:
        try:
            child.wait(timeout=STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _report_unexpected_exit(child: subprocess.Popen) -> None:
    status = child.wait()
    if not getattr(child, "stopping", False):
        logger.error(
            "The background worker stopped on its own (exit status %s): reminders are not being sent "
            "until Alongside is restarted. Its log above says why.",
            status,
        )
