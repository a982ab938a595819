"""Content kept as one YAML file per language (first steps, the enabling-or-supporting guide,
the emergency page): one loader, one fallback rule."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings
from django.utils import translation


def active_language() -> str:
    """The request's language as a bare code ("es" for "es-mx"), or the site's default."""
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def load_language_yaml(folder: Path, language: str, name: str = "{language}.yaml"):
    """The YAML file ``name`` (with ``{language}`` filled in) from ``folder`` for ``language``,
    or the site default language's file when that language has none. Callers cache the result."""
    path = folder / name.format(language=language.split("-")[0])
    if not path.exists():
        path = folder / name.format(language=settings.LANGUAGE_CODE)
    return yaml.safe_load(path.read_text(encoding="utf-8"))
