"""Meeting type labels in the reader's language.

``data/types.json`` is a copy of the Meeting Guide type list (code4recovery/spec, MIT licence):
each code with its English, Spanish and French label. Codes without a label (some BMLT formats)
are shown as they are.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from django.utils.translation import get_language

DATA = Path(__file__).parent / "data" / "types.json"


@lru_cache(maxsize=1)
def all_labels() -> dict[str, dict[str, str]]:
    return json.loads(DATA.read_text(encoding="utf-8"))


def label(code: str, language: str | None = None) -> str:
    lang = (language or get_language() or "en")[:2]
    entry = all_labels().get(code)
    if not entry:
        return code
    return entry.get(lang) or entry.get("en") or code


def labels(codes, language: str | None = None) -> list[tuple[str, str]]:
    return [(code, label(code, language)) for code in codes]
