"""What a treatment facility offers, as our own filter keys, and how the US locator's
service codes map to them.

Each feature is one bit of ``Facility.features``: one integer column answers every filter
after the distance box has cut the candidates (see ``benchmarks/directory_search.py``).
Inside a group the filters mean "any of these" (buprenorphine *or* methadone); across
groups "all of these" (buprenorphine *and* sliding scale). The "other" group is "all of".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Feature:
    key: str
    group: str
    label: object  # lazy translation: the plain words shown on results
    bit: int


GROUPS: dict[str, object] = {
    "level": _("Kind of care"),
    "medication": _("Medications for opioid use disorder"),
    "payment": _("Payment"),
    "age": _("Age group"),
    "other": _("Also"),
}
# Groups whose filters mean "all of these" rather than "any of these".
ALL_OF_GROUPS = {"other"}

_DEFS: list[tuple[str, str, object]] = [
    ("detox", "level", _("Withdrawal management (detox)")),
    ("hospital_inpatient", "level", _("Hospital stay")),
    ("residential", "level", _("Live-in (residential) treatment")),
    ("php", "level", _("Day programme (partial hospitalisation)")),
    ("iop", "level", _("Intensive outpatient (several sessions a week)")),
    ("outpatient", "level", _("Outpatient visits")),
    ("telehealth", "level", _("By phone or video (telehealth)")),
    ("methadone", "medication", _("Methadone")),
    ("buprenorphine", "medication", _("Buprenorphine (for example Suboxone)")),
    ("naltrexone", "medication", _("Naltrexone (for example Vivitrol)")),
    ("medicaid", "payment", _("Medicaid")),
    ("medicare", "payment", _("Medicare")),
    ("private_insurance", "payment", _("Private insurance")),
    ("sliding_scale", "payment", _("Sliding scale (cost based on income)")),
    ("free", "payment", _("Free of charge")),
    ("payment_assistance", "payment", _("Help with paying")),
    ("youth", "age", _("Children and teenagers")),
    ("young_adults", "age", _("Young adults")),
    ("adults", "age", _("Adults")),
    ("seniors", "age", _("Older adults (65 and over)")),
    ("co_occurring", "other", _("Mental health care at the same place (co-occurring)")),
    ("family_counselling", "other", _("Family counselling, so the whole family can get help")),
    ("accepts_moud", "other", _("Welcomes people already on medication for opioid use disorder")),
]

FEATURES: dict[str, Feature] = {
    key: Feature(key, group, label, 1 << i) for i, (key, group, label) in enumerate(_DEFS)
}


def by_group(group: str, country: str = "") -> list[Feature]:
    return [f for f in FEATURES.values() if f.group == group and offered_in(f.key, country)]


# Public payment programmes of one country: no Medicaid or Medicare filter for a search in Canada.
COUNTRY_ONLY = {"medicaid": frozenset({"US"}), "medicare": frozenset({"US"})}


def offered_in(key: str, country: str) -> bool:
    """Whether a filter makes sense for a search in ``country`` (every filter when it is unknown)."""
    return not country or key not in COUNTRY_ONLY or country.upper() in COUNTRY_ONLY[key]


def mask_of(keys) -> int:
    mask = 0
    for key in keys:
        mask |= FEATURES[key].bit
    return mask


def keys_of(mask: int) -> list[str]:
    return [f.key for f in FEATURES.values() if mask & f.bit]


# Languages besides English: our code -> label. "asl" stands for sign language and services
# for deaf and hard-of-hearing people.
LANGUAGES: dict[str, object] = {
    "es": _("Spanish"),
    "fr": _("French"),
    "asl": _("Sign language or services for deaf people"),
    "zh": _("Chinese"),
    "vi": _("Vietnamese"),
    "ko": _("Korean"),
    "ar": _("Arabic"),
    "ru": _("Russian"),
    "tl": _("Tagalog"),
    "pt": _("Portuguese"),
    "de": _("German"),
    "it": _("Italian"),
    "pl": _("Polish"),
    "ht": _("Haitian Creole"),
    "hi": _("Hindi"),
    "ja": _("Japanese"),
}
# English names as the locator (and most CSV lists) write them.
_LANGUAGE_NAMES = {
    "spanish": "es",
    "french": "fr",
    "american sign language": "asl",
    "sign language": "asl",
    "deaf": "asl",
    "chinese": "zh",
    "mandarin": "zh",
    "cantonese": "zh",
    "vietnamese": "vi",
    "korean": "ko",
    "arabic": "ar",
    "russian": "ru",
    "tagalog": "tl",
    "filipino": "tl",
    "portuguese": "pt",
    "german": "de",
    "italian": "it",
    "polish": "pl",
    "haitian": "ht",
    "creole": "ht",
    "hindi": "hi",
    "japanese": "ja",
}


def language_code(name: str) -> str | None:
    """Our code for a language written in words (or already as a code), or None."""
    text = name.strip().lower()
    if text in LANGUAGES:
        return text
    for words, code in _LANGUAGE_NAMES.items():
        if words in text:
            return code
    return None


def encode_languages(codes) -> str:
    """Stored as ",es,asl," so a plain ``contains`` filter finds one language exactly."""
    codes = sorted(set(codes))
    return f",{','.join(codes)}," if codes else ""


def decode_languages(value: str) -> list[str]:
    return [code for code in value.strip(",").split(",") if code]


# --- The US locator's service codes --------------------------------------------------------


def _has(value: str, *words: str) -> bool:
    return any(word in value for word in words)


def locator_features(services: list[tuple[str, str]]) -> tuple[int, list[str]]:
    """Map the locator's (category code, value) pairs to our feature bits and language codes.

    Medication bits come only from the medication categories (OT, PHR, OM); a line about
    using methadone or buprenorphine for pain or emergency dosing is not treatment and is
    left out. Someone already on medication is welcome where the facility says so, and where
    it offers methadone or buprenorphine itself.
    """
    keys: set[str] = set()
    languages: set[str] = set()
    for code, raw in services:
        value = raw.lower()
        if code in ("SET", "TC"):
            if "detox" in value:
                keys.add("detox")
            if "hospital inpatient" in value:
                keys.add("hospital_inpatient")
            if "residential" in value:
                keys.add("residential")
            if "partial hospitalization" in value:
                keys.add("php")
            if "intensive outpatient" in value:
                keys.add("iop")
            if value.startswith("outpatient") or value == "regular outpatient treatment":
                keys.add("outpatient")
            if "telemedicine" in value or "telehealth" in value:
                keys.add("telehealth")
        elif code in ("OT", "PHR", "OM"):
            if "accepts clients on opioid medication" in value:
                keys.add("accepts_moud")
            if _has(value, "pain management", "emergency dosing"):
                continue
            if "buprenorphine" in value:
                keys.add("buprenorphine")
            if "methadone" in value:
                keys.add("methadone")
            if _has(value, "naltrexone", "vivitrol"):
                keys.add("naltrexone")
        elif code in ("PAY", "PYAS"):
            if value == "medicaid":
                keys.add("medicaid")
            elif value == "medicare":
                keys.add("medicare")
            elif value.startswith("private health insurance"):
                keys.add("private_insurance")
            elif value.startswith("sliding fee"):
                keys.add("sliding_scale")
            elif _has(value, "no charge", "free of charge", "no payment accepted"):
                keys.add("free")
            elif value.startswith("payment assistance"):
                keys.add("payment_assistance")
        elif code == "AGE":
            if value.startswith("children") or value.startswith("adolescents"):
                keys.add("youth")
            elif value.startswith("young adults"):
                keys.add("young_adults")
            elif value.startswith("adults"):
                keys.add("adults")
            elif value.startswith("seniors"):
                keys.add("seniors")
        elif code == "SG":
            if "co-occurring" in value:
                keys.add("co_occurring")
        elif code == "EDU":
            if "family counseling" in value:
                keys.add("family_counselling")
        elif code in ("SL", "OL"):
            lang = language_code(value)
            if lang:
                languages.add(lang)
    if keys & {"buprenorphine", "methadone"}:
        keys.add("accepts_moud")
    return mask_of(keys), sorted(languages)


def words_to_features(text: str) -> tuple[int, list[str]]:
    """For CSV lists: a cell of "outpatient; buprenorphine; sliding scale" (our keys, with
    spaces or underscores, or the locator's own words) to bits and languages."""
    keys: set[str] = set()
    pairs: list[tuple[str, str]] = []
    for part in (p.strip() for p in text.replace(",", ";").split(";")):
        if not part:
            continue
        key = part.lower().replace(" ", "_").replace("-", "_")
        if key in FEATURES:
            keys.add(key)
        else:
            # Try every category of the locator's vocabulary.
            pairs.extend((code, part) for code in ("SET", "OT", "PAY", "AGE", "SG", "EDU"))
    mask, languages = locator_features(pairs)
    return mask | mask_of(keys), languages
