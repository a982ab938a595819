"""Running the web server (and, once they exist, background workers) for `alongside serve`."""

from __future__ import annotations

from collections.abc import Callable

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


def run(*, host: str, port: int, threads: int) -> None:
    from waitress import serve

    from alongside.wsgi import application

    for start in _background_starters:
        start()
    serve(application, host=host, port=port, threads=threads, ident="Alongside")
