"""The parts of a circle's home page, contributed by each app.

An app registers a section in its ``AppConfig.ready``; the circle home shows only
what is registered, so no page ever links to a feature that does not exist yet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CircleSection:
    key: str
    title: Any  # a lazy translation
    url_name: str
    order: int = 100
    description: Any = ""
    # Optional: a template shown inside the section's card, and a function that gives it
    # context. Called as context(circle=..., membership=..., user=...).
    panel_template: str | None = None
    context: Callable[..., dict] | None = field(default=None, compare=False)
    # Which roles see the section at all; None means every member.
    roles: frozenset[str] | None = None


_sections: dict[str, CircleSection] = {}


def register_section(section: CircleSection) -> None:
    _sections[section.key] = section


def sections_for(membership) -> list[CircleSection]:
    return sorted(
        (s for s in _sections.values() if s.roles is None or membership.role in s.roles),
        key=lambda s: (s.order, s.key),
    )


@dataclass(frozen=True)
class HomePanel:
    """A part of the public front page, contributed by an app (the core links to no feature).

    ``context(request)`` gives the template its context; the panel is rendered in place.
    """

    key: str
    template: str
    order: int = 100
    context: Callable[[Any], dict] | None = field(default=None, compare=False)


_home_panels: dict[str, HomePanel] = {}


def register_home_panel(panel: HomePanel) -> None:
    _home_panels[panel.key] = panel


def home_panels() -> list[HomePanel]:
    return sorted(_home_panels.values(), key=lambda p: (p.order, p.key))
