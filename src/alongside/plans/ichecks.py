"""The I-statement check: a pure function that flags wording likely to start an argument.

It looks for patterns in English, Spanish and French at once (people write in the language they
speak at home, whatever the page's language): absolutes ("you always", "you never"), sentences
that open by blaming ("You ..."), "why do you" questions, and labels ("addict", "junkie"). Each
flag carries a hint on what to say instead. It is a friendly nudge, never a block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Flag:
    code: str
    found: str
    hint: object  # a lazy translation


_FLAGS = re.IGNORECASE | re.UNICODE
_B = r"(?<![\w])"  # a word boundary that also works before accented letters
_E = r"(?![\w])"

ABSOLUTES = [
    # English: you always / you never / you're always / you are never
    re.compile(_B + r"you(?:'re| are)?\s+(?:always|never)" + _E, _FLAGS),
    # Spanish: siempre / nunca next to tú, usted or a verb addressed to them
    re.compile(_B + r"(?:tú|tu|usted|ustedes)\s+(?:siempre|nunca|jamás)" + _E, _FLAGS),
    re.compile(
        _B + r"(?:siempre|nunca|jamás)\s+(?:me\s+|nos\s+|lo\s+|la\s+|le\s+|te\s+)?\w+(?:as|es|an|en)" + _E,
        _FLAGS,
    ),
    # French: tu ... toujours / tu ne ... jamais / vous êtes toujours
    re.compile(_B + r"(?:tu|vous)\s+(?:ne\s+|n'|n’)?(?:\w+['’])?\w+\s+(?:toujours|jamais)" + _E, _FLAGS),
]

WHY_QUESTIONS = [
    re.compile(_B + r"why\s+(?:do|did|are|were|can't|won't|don't|didn't|would|must|have)\s+you" + _E, _FLAGS),
    re.compile(
        r"(?:^|[¿.!?]\s*)(por\s*qu[ée]\s+(?:tú\s+|usted\s+)?(?:siempre\s+|nunca\s+|no\s+)?\w+)" + _E, _FLAGS
    ),
    re.compile(_B + r"pourquoi\s+(?:est-ce\s+que\s+)?(?:tu|vous|t'|t’|as-tu|es-tu|fais-tu)", _FLAGS),
]

# A sentence that starts by pointing at them: "You ...", "Tú ...", "Usted ...", "Tu ...", "Vous ...".
YOU_OPENING = re.compile(r"(?:^|[.!?¡¿]\s*)\s*(you|tú|usted|tu|vous)" + _E + r"(?!\s+me\s+manque)", _FLAGS)

LABELS = [
    # English
    "addict",
    "junkie",
    "junky",
    "druggie",
    "druggy",
    "user",
    "dope fiend",
    "crackhead",
    "liar",
    "selfish",
    "lazy",
    "loser",
    "useless",
    # Spanish
    "adicto",
    "adicta",
    "drogadicto",
    "drogadicta",
    "yonqui",
    "yonki",
    "drogata",
    "mentiroso",
    "mentirosa",
    "egoísta",
    "vago",
    "vaga",
    "fracasado",
    "fracasada",
    # French
    "toxico",
    "toxicomane",
    "drogué",
    "droguée",
    "camé",
    "camée",
    "junkie",
    "menteur",
    "menteuse",
    "égoïste",
    "paresseux",
    "paresseuse",
]
LABEL_PATTERN = re.compile(
    _B + r"(" + "|".join(re.escape(w) for w in sorted(set(LABELS), key=len, reverse=True)) + r")" + _E, _FLAGS
)

# Signs that the writer speaks from themselves: I / me / my, yo / me siento / me preocupa, je / j' / moi.
I_MARKERS = re.compile(
    _B + r"(?:i|i'm|i've|i'd|me|my|yo|me\s+siento|me\s+preocupa|mi|je|j'|j’|moi|me\s+sens)" + _E, _FLAGS
)

HINTS = {
    "absolute": _(
        "“Always” and “never” sound like a verdict and invite an argument about the exceptions. "
        "Describe one moment instead: “Last Friday, when you came home late, I was scared.”"
    ),
    "you_opening": _(
        "A sentence that starts with “you” can sound like blame. Try starting from yourself: "
        "“I feel…”, “I worry when…”, “I would love…”."
    ),
    "why": _(
        "“Why do you…?” often sounds like an accusation. Try a curious, open question instead: "
        "“What is that like for you?” or “What would help?”"
    ),
    "label": _(
        "Labels such as “addict” or “liar” hurt and shut the conversation down. Talk about the person "
        "and what you noticed: “someone who uses drugs”, “when the money went missing”."
    ),
    "no_i": _("There is no “I” here yet. Say what you feel or notice: “I feel…”, “I noticed…”, “I want…”."),
}


def check_statement(text: str) -> list[Flag]:
    """Flags for wording that may start an argument, each with a hint. Empty when all reads well.

    >>> [f.code for f in check_statement("You never listen to me.")]
    ['absolute', 'you_opening']
    """
    text = (text or "").strip()
    if not text:
        return []
    flags: list[Flag] = []
    seen: set[tuple[str, str]] = set()

    def add(code: str, found: str) -> None:
        key = (code, found.lower())
        if key not in seen:
            seen.add(key)
            flags.append(Flag(code=code, found=found.strip(), hint=HINTS[code]))

    for pattern in ABSOLUTES:
        for match in pattern.finditer(text):
            add("absolute", match.group(0))
    for match in YOU_OPENING.finditer(text):
        add("you_opening", match.group(1))
    for pattern in WHY_QUESTIONS:
        for match in pattern.finditer(text):
            add("why", match.group(match.lastindex or 0))
    for match in LABEL_PATTERN.finditer(text):
        add("label", match.group(1))
    if not I_MARKERS.search(text):
        add("no_i", "")
    return flags
