from __future__ import annotations

import pytest


@pytest.fixture
def c(circle_members):
    return circle_members


@pytest.fixture
def entry():
    """Make an observation or contact directly (tests of reading, not of writing)."""
    from alongside.journal.models import Contact, Observation

    def make(kind, circle, author, visibility="supporters", **extra):
        model = Contact if kind == "contact" else Observation
        return model.objects.create(circle=circle, author=author, visibility=visibility, **extra)

    return make
