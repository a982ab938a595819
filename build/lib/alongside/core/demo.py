"""Demo data: a lived-in circle for trying Alongside on a laptop.

Apps add their own sample rows with ``register_demo(fn)``; each function is called
as ``fn(circle=..., members=..., stdout=...)`` where ``members`` maps a role key
(organiser, supporter, supporter2, person) to a user.
"""

from __future__ import annotations

from collections.abc import Callable

DEMO_PASSWORD = "alongside-demo"
DEMO_DOMAIN = "demo.alongside.invalid"
DEMO_PEOPLE = [
    # key, e-mail local part, display name, role
    ("organiser", "maria", "Maria (demo)", "organiser"),
    ("supporter", "david", "David (demo)", "supporter"),
    ("supporter2", "aisha", "Aisha (demo)", "supporter"),
    ("person", "sam", "Sam (demo)", "person"),
]

_contributors: list[Callable] = []


def register_demo(contributor: Callable) -> None:
    _contributors.append(contributor)


def contributors() -> list[Callable]:
    return list(_contributors)
