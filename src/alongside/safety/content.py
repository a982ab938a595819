"""The emergency page's content, per language, and the emergency numbers by country.

Facts come from the sources listed in the content files (CDC, SAMHSA, WHO, FDA, NHS,
Health Canada); the words are ours.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from alongside.core.content import load_language_yaml

CONTENT_DIR = Path(__file__).resolve().parent / "content"
LANGUAGES = ("en", "es", "fr")
# When nothing tells us the country, the page says "call your local emergency number" and asks:
# a guess (a French speaker in Belgium shown France's 15) would be a number that may not work.


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    number: str
    alternative: str
    source: str
    good_samaritan: str
    good_samaritan_source: str


@lru_cache(maxsize=4)
def page_text(language: str) -> dict:
    return load_language_yaml(
        CONTENT_DIR, language if language in LANGUAGES else "en", "emergency.{language}.yaml"
    )


@lru_cache(maxsize=1)
def _countries_raw() -> list[dict]:
    return yaml.safe_load((CONTENT_DIR / "countries.yaml").read_text(encoding="utf-8"))["countries"]


def countries(language: str) -> list[Country]:
    language = language if language in LANGUAGES else "en"
    return [
        Country(
            code=c["code"],
            name=c["names"][language],
            number=c["number"],
            alternative=c.get("alternative", ""),
            source=c["source"],
            good_samaritan=c.get("good_samaritan", {}).get(language, ""),
            good_samaritan_source=c.get("good_samaritan_source", ""),
        )
        for c in _countries_raw()
    ]


def country_for(language: str, code: str | None) -> Country | None:
    """The listed country for ``code``, or None when the page does not know it (never a guess)."""
    known = {c.code: c for c in countries(language)}
    if code and len(code) <= 3 and code.upper() in known:
        return known[code.upper()]
    return None


def country_from_accept_language(header: str) -> str | None:
    """'es-MX,es;q=0.9' -> 'MX'. Only the region of the first tag that has one."""
    for part in header.split(","):
        tag = part.split(";")[0].strip()
        if "-" in tag:
            region = tag.split("-")[1].upper()
            if region == "UK":
                region = "GB"
            return region
    return None


@lru_cache(maxsize=1)
def version() -> str:
    """Changes whenever the page's content or its files change, so the offline copy refreshes."""
    digest = hashlib.sha256()
    files = sorted(CONTENT_DIR.glob("*.yaml")) + sorted(
        (Path(__file__).parent / "static" / "safety").glob("*")
    )
    files += sorted((Path(__file__).parent / "templates" / "safety").glob("emergency*"))
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
