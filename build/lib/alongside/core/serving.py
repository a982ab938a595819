"""Running the web server (and, once they exist, background workers) for `alongside serve`."""

from __future__ import annotations

import os
from collections.abc import Callable

from django.conf import settings

_before_serve: list[Callable] = []
_background_starters: list[Callable[[], None]] = []


def register_before_serve(hook: Callable) -> None:
    """Apps add work that `serve` does after migrating (e.g. building a search index)."""
    _before_serve.append(hook)


def register_background(starter: Callable[[], None]) -> None:
    """Apps add a worker that `serve` starts beside the web server on a laptop."""
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


def run(*, host: str, port: int, threads: int) -> None:
    from waitress import serve

    from alongside.wsgi import application

    for start in _background_starters:
        start()
    serve(application, host=host, port=port, threads=threads, ident="Alongside")
