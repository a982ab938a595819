"""Who may open which URL: the rules the authorization matrix test enforces.

Every app that adds URL patterns declares, in ``<app>/access.py``, a dict
``URL_RULES`` mapping each URL name (``"namespace:name"``) to one of the rules
below. The matrix test (``tests/test_authorization_matrix.py``) walks every URL
pattern of the project; a pattern with no rule fails the test.

Personas the matrix uses: anonymous, an outsider (signed in, in another circle),
and one member of each role (organiser, supporter, person, professional).
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ALL_ROLES = ("organiser", "supporter", "person", "professional")


@dataclass(frozen=True)
class Public:
    """Anyone, signed in or not. GET must not answer 404 or 5xx (with the kwargs given)."""

    method: str = "GET"
    kwargs: Callable[..., dict] | None = None  # kwargs(circle=..., members=...) for patterns with arguments


@dataclass(frozen=True)
class SignedIn:
    """Any signed-in user; anonymous visitors are sent to log in.

    ``needs_state``: a page that answers 404 until the user has something to act on
    (e.g. turning off two-step sign-in before it was set up)."""

    method: str = "GET"
    kwargs: Callable[..., dict] | None = None
    needs_state: bool = False


@dataclass(frozen=True)
class Member:
    """Members of the circle in the URL with one of ``roles``; everyone else 404
    (anonymous visitors are sent to log in)."""

    roles: tuple[str, ...] = ALL_ROLES
    method: str = "GET"
    # For patterns with arguments beyond circle_id: kwargs(circle=..., members=...) -> dict.
    kwargs: Callable[..., dict] | None = None


@dataclass(frozen=True)
class Record:
    """A personal record's own page. The matrix makes one record of each visibility,
    written by ``author_role``, with ``make(circle=..., author=..., visibility=...)``, and
    checks that exactly the members the privacy model allows can open it.

    ``kwarg`` names the URL argument that takes the record's id. ``author_only`` pages
    (edit, delete) open only for the author, whatever the visibility.
    """

    kwarg: str
    make: Callable[..., Any]
    method: str = "GET"
    author_role: str = "supporter"
    author_only: bool = False


@dataclass(frozen=True)
class Excluded:
    """Not walked, with a reason (e.g. Django's admin, which has its own staff checks)."""

    reason: str = field(default="")


@functools.cache
def project_url_rules() -> dict[str, Any]:
    """Every Alongside app's ``URL_RULES``, merged."""
    from django.apps import apps

    rules: dict[str, Any] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("alongside."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.access")
        except ModuleNotFoundError:
            continue
        rules.update(getattr(module, "URL_RULES", {}))
    return rules


def role_may_open(url_name: str, role: str) -> bool:
    """Whether a member with ``role`` may open a circle page, by the same rule the matrix checks."""
    rule = project_url_rules().get(url_name)
    return role in rule.roles if isinstance(rule, Member) else True
