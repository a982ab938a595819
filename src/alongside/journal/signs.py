"""The signs checklist: four groups, the same list the library's "signs of use" article explains.

Keys are stored in observations and never change; labels are translated. A sign is a thing
someone noticed, never a diagnosis.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

ARTICLE_SLUG = "signs-of-use"


@dataclass(frozen=True)
class SignGroup:
    key: str
    title: object  # lazy translation, e.g. "Behavioural signs"
    plural: object  # lazy translation for sentences, e.g. "behavioural signs"
    signs: tuple[tuple[str, object], ...]


GROUPS: tuple[SignGroup, ...] = (
    SignGroup(
        "behavioural",
        _("Behavioural signs"),
        _("behavioural signs"),
        (
            ("withdrawing", _("Pulling away from family or old friends")),
            ("new_friends", _("New friends they do not want us to meet")),
            ("missing_commitments", _("Missing school, work or plans")),
            ("secretive", _("Secretive about their phone, room or where they go")),
            ("locked_rooms", _("Long spells in the bathroom or a locked room")),
            ("lost_interest", _("Lost interest in hobbies")),
            ("odd_sleep", _("Sleeping at odd times, or much more than usual")),
        ),
    ),
    SignGroup(
        "physical",
        _("Physical signs"),
        _("physical signs"),
        (
            ("small_pupils", _("Very small pupils")),
            ("nodding_off", _("Heavy eyelids or nodding off")),
            ("slurred_speech", _("Slow or slurred speech")),
            ("weight_loss", _("Weight loss or poor appetite")),
            ("scratching", _("Itching and scratching")),
            ("marks_or_sleeves", _("Marks on arms or legs, or long sleeves on hot days")),
            ("paraphernalia", _("Burnt foil, spoons, lighters, small bags or needles")),
            ("withdrawal_signs", _("Runny nose, yawning, sweating or aches")),
        ),
    ),
    SignGroup(
        "psychological",
        _("Psychological signs"),
        _("psychological signs"),
        (
            ("mood_swings", _("Sudden mood swings")),
            ("low_or_anxious", _("Low, anxious or flat")),
            ("restless", _("Restless or on edge")),
            ("poor_focus", _("Trouble focusing or remembering")),
            ("defensive", _("Defensive or angry at simple questions")),
            ("not_caring", _("Not caring about things that mattered")),
        ),
    ),
    SignGroup(
        "financial",
        _("Financial signs"),
        _("financial signs"),
        (
            ("asking_for_money", _("Often asking for money")),
            ("things_missing", _("Money or belongings missing at home")),
            ("selling_things", _("Selling their own things")),
            ("unpaid_bills", _("Unpaid bills or new debts")),
            ("missing_medicines", _("Prescription medicines missing")),
            ("unexplained_money", _("Cash or new things they cannot explain")),
        ),
    ),
)

GROUP_BY_KEY: dict[str, SignGroup] = {g.key: g for g in GROUPS}
SIGN_GROUP: dict[str, str] = {key: g.key for g in GROUPS for key, _label in g.signs}
SIGN_LABEL: dict[str, object] = {key: label for g in GROUPS for key, label in g.signs}


def sign_choices() -> list[tuple[str, object]]:
    return [(key, label) for g in GROUPS for key, label in g.signs]


_translated: dict[str | None, tuple[tuple[str, str], ...]] = {}


def _labels_in_order() -> tuple[tuple[str, str], ...]:
    """(key, translated label) of every sign in checklist order, translated once per language
    (pages list thousands of entries, and a lazy label costs a catalogue look-up each time)."""
    language = get_language()
    found = _translated.get(language)
    if found is None:
        found = _translated[language] = tuple((key, str(label)) for g in GROUPS for key, label in g.signs)
    return found


def labels_for(keys) -> list[str]:
    """Translated labels of the known keys, in checklist order (unknown keys are skipped)."""
    if not keys:
        return []
    chosen = set(keys)
    return [label for key, label in _labels_in_order() if key in chosen]


def count_by_group(keys) -> dict[str, int]:
    counts = {g.key: 0 for g in GROUPS}
    for key in keys or ():
        group = SIGN_GROUP.get(key)
        if group:
            counts[group] += 1
    return counts
