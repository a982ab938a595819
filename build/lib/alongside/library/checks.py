"""A system check so broken content stops ``alongside check`` and start-up, not a reader."""

from __future__ import annotations

from django.core import checks

from alongside.library import content


def content_is_sound(app_configs=None, **kwargs):
    return [
        checks.Error(problem, hint="See src/alongside/library/content/README.md", id="library.E001")
        for problem in content.validate_all()
    ]
