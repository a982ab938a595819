"""Every phone number written in the content is one the project has checked.

A number in an article, the glossary, the first steps, the enabling-or-supporting guide or the
emergency content must be listed in the helplines data file (``directory/data/helplines.yaml``,
each row with its source and check date) or be an emergency number in
``safety/content/countries.yaml``. The family-guidance seeds are not a source for numbers: a
number that is not in those files fails here, so it is checked and listed before it ships.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

SRC = Path(__file__).resolve().parent.parent / "src" / "alongside"
HELPLINES = SRC / "directory" / "data" / "helplines.yaml"
COUNTRIES = SRC / "safety" / "content" / "countries.yaml"

# Words that put a number in a sentence about calling or texting someone.
CALL_WORDS = re.compile(
    r"\b(?:call|calls|calling|text|texting|dial|phone|helpline|hotline|line|number"
    r"|llame|llamar|llamada|marque|mensaje|línea|número|teléfono"
    r"|appelez|appeler|appel|composez|textez|texto|texter|ligne|numéro|téléphone"
    r"|emergency|emergencias|urgence|urgences|secours|police|policía)\b",
    re.I,
)
NUMBER = re.compile(r"\+?(?:\(\d+\)\s?)?\d(?:[\s.-]?\d)*")
# A number followed by a unit is a quantity ("2 to 3 minutes", "30 %"), not a number to call.
UNIT_AFTER = re.compile(
    r"\A\s*(?:(?:to|a|à|y|et|or|o|ou|-|–)\s*\d+\s*)?"
    r"(?:minutes?|min|hours?|heures?|horas?|days?|días?|jours?|weeks?|semanas?|semaines?|months?|meses|mois"
    r"|years?|años|ans|seconds?|segundos?|secondes?|%|times|veces|fois|mg)\b",
    re.I,
)
YEAR = re.compile(r"\A(?:19|20)\d\d\Z")


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def known_numbers() -> set[str]:
    known = set()
    for row in yaml.safe_load(HELPLINES.read_text(encoding="utf-8")):
        known |= {_digits(str(row.get(field, ""))) for field in ("phone", "text")}
    for country in yaml.safe_load(COUNTRIES.read_text(encoding="utf-8"))["countries"]:
        known |= {_digits(str(country.get(field, ""))) for field in ("number", "alternative")}
    return known - {""}


def phone_numbers_in(text: str) -> list[str]:
    """The phone-shaped numbers in a piece of prose, as written.

    Seven or more digits in one group ("1-800-668-6868", "0800 787 797") count anywhere; shorter
    numbers ("988", "024", "15") count in a sentence about calling or texting, unless a unit follows
    them or they are a year.
    """
    text = re.sub(r"https?://\S+|\]\([^)]*\)", " ", text)
    text = re.sub(r"\b\d{1,3}(?:,\d{3})+\b", "many", text)  # "10,000 adults"
    text = re.sub(r"\n\s*\n|\n\s*(?:[-*]|\d+\.)\s", ". ", text)
    text = re.sub(r"[*_`]", "", re.sub(r"\s+", " ", text))
    found = []
    for sentence in re.split(r"(?<=[.!?])\s", text):
        about_calling = bool(CALL_WORDS.search(sentence))
        for match in NUMBER.finditer(sentence):
            written = match.group().strip(" ().-")
            digits = _digits(written)
            if len(digits) >= 7 and not re.fullmatch(r"\d{1,3}(?:[ ,.]\d{3})+", written):
                found.append(written)
            elif about_calling and len(digits) >= 2 and not YEAR.match(digits):
                if not UNIT_AFTER.match(sentence[match.end() :]):
                    found.append(written)
    return found


def _strings(value, key: str = ""):
    """Every prose string in parsed YAML, leaving out addresses and the numbers' own fields."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, str(k))
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, key)
    elif isinstance(value, str):
        if key in {"url", "source", "source_url", "number", "alternative"} or key.endswith("_source"):
            return
        if not value.startswith("http"):
            yield value


def content_files() -> list[Path]:
    files = [p for p in SRC.glob("*/content/**/*") if p.suffix in {".md", ".yaml", ".yml"}]
    return sorted(p for p in files if p.name != "README.md")


def prose_of(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        match = re.match(r"\A---\n(.*?)\n---\n(.*)\Z", text, re.S)
        if match:
            return [*_strings(yaml.safe_load(match.group(1))), match.group(2)]
        return [text]
    return list(_strings(yaml.safe_load(text)))


def test_the_content_files_are_all_found():
    names = {str(p.relative_to(SRC)) for p in content_files()}
    assert "library/content/en/glossary.yaml" in names
    assert "library/content/fr/children-in-the-family.md" in names
    assert "firststeps/content/es.yaml" in names
    assert "plans/content/en.yaml" in names
    assert "safety/content/emergency.fr.yaml" in names
    assert "safety/content/risk.yaml" in names


@pytest.mark.parametrize("path", content_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_every_number_in_the_content_is_a_checked_helpline_or_emergency_number(path):
    known = known_numbers()
    unknown = [n for prose in prose_of(path) for n in phone_numbers_in(prose) if _digits(n) not in known]
    assert unknown == []


def test_the_check_finds_numbers_to_call_and_leaves_quantities_alone():
    assert phone_numbers_in("In Spain, call **024**.") == ["024"]
    assert phone_numbers_in("Appelez le\n  **3114**, ou le 15.") == ["3114", "15"]
    assert phone_numbers_in("Línea de la Vida: 800 911 2000") == ["800 911 2000"]
    assert phone_numbers_in("Drogue : aide et référence, 1 800 265-2626 (514 527-2626).") == [
        "1 800 265-2626",
        "514 527-2626",
    ]
    assert phone_numbers_in("A review of 74 trials with more than 10,000 adults (10 000 adultes).") == []
    assert (
        phone_numbers_in("Call again if there is no response after 2 to 3 minutes, or 30 to 90 minutes.")
        == []
    )
    assert phone_numbers_in("Call the helpline, open since 2022.") == []
    assert phone_numbers_in("Emergency rooms saw 12,500 visits.") == []
    assert phone_numbers_in("Ask the police to check (in France, the 17).") == ["17"]
    assert phone_numbers_in("See [the page](https://example.org/1-800-555-0100).") == []


def test_the_numbers_the_data_notes_reject_are_not_known():
    known = known_numbers()
    assert {"024", "08002313 13".replace(" ", ""), "18663663667"} & known == set()
    assert {"18006624357", "988", "911", "112", "3114"} <= known
