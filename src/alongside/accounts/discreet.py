"""Discreet mode on the screen, not only in the tab: on circle pages, words a glance would catch
(overdose, opioid, naloxone, heroin, ...) read as plain, neutral words.

Only text between tags changes: attributes (form values, links, labels for screen readers) and
the contents of <textarea>, <script> and <style> stay as they are, so a form sends back exactly
what was typed. The emergency page and the library are never changed: guidance must stay exact,
and the emergency page is one tap away through the neutral "Urgent help" link.
"""

from __future__ import annotations

import re

# Pages where a member writes and reads about their circle (with or without a language prefix).
DISCREET_PATHS = re.compile(r"^/(?:(?:es|fr)/)?(?:c/|circles/|reminders/|account/)")

NEUTRAL_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "overdoses": "emergencies",
        "overdose": "emergency",
        "opioids": "medicines",
        "opioid": "medicine",
        "naloxone": "first aid",
        "narcan": "first aid",
        "heroin": "it",
        "fentanyl": "it",
        "addiction": "difficulty",
        "relapses": "setbacks",
        "relapse": "setback",
        "withdrawal": "a hard time",
        "methadone": "medicine",
        "buprenorphine": "medicine",
    },
    "es": {
        "sobredosis": "emergencia",
        "opioides": "medicamentos",
        "opioide": "medicamento",
        "naloxona": "primeros auxilios",
        "heroína": "eso",
        "fentanilo": "eso",
        "adicción": "dificultad",
        "recaídas": "tropiezos",
        "recaída": "tropiezo",
        "abstinencia": "un mal momento",
        "metadona": "medicamento",
        "buprenorfina": "medicamento",
    },
    "fr": {
        "overdoses": "urgences",
        "overdose": "urgence",
        "surdoses": "urgences",
        "surdose": "urgence",
        "opioïdes": "médicaments",
        "opioïde": "médicament",
        "naloxone": "premiers secours",
        "héroïne": "cela",
        "fentanyl": "cela",
        "addiction": "difficulté",
        "rechutes": "contretemps",
        "rechute": "contretemps",
        "sevrage": "un moment difficile",
        "méthadone": "médicament",
        "buprénorphine": "médicament",
    },
}

# English words too in every language: a circle's own notes may mix them in.
_WORDS = {language: {**NEUTRAL_WORDS["en"], **words} for language, words in NEUTRAL_WORDS.items()}
_PATTERNS = {
    language: re.compile(
        r"\b(" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b", re.IGNORECASE
    )
    for language, words in _WORDS.items()
}
_TAG = re.compile(r"(<[^>]*>)")
_RAW_TEXT = re.compile(r"<(textarea|script|style)\b", re.IGNORECASE)


def neutralise(html: str, language: str) -> str:
    """Replace the words in the text of `html` (never inside tags or raw-text elements)."""
    words = _WORDS.get(language, _WORDS["en"])
    pattern = _PATTERNS.get(language, _PATTERNS["en"])

    def swap(match: re.Match) -> str:
        found = match.group(0)
        neutral = words[found.lower()]
        return neutral[:1].upper() + neutral[1:] if found[:1].isupper() else neutral

    out, raw_until = [], None
    for part in _TAG.split(html):
        if part.startswith("<"):
            if raw_until is None:
                opened = _RAW_TEXT.match(part)
                if opened:
                    raw_until = f"</{opened.group(1).lower()}"
            elif part.lower().startswith(raw_until):
                raw_until = None
            out.append(part)
        else:
            out.append(part if raw_until else pattern.sub(swap, part))
    return "".join(out)


class DiscreetWordsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "discreet_mode", False)
            and DISCREET_PATHS.match(request.path_info)
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
        ):
            charset = response.charset or "utf-8"
            html = response.content.decode(charset)
            response.content = neutralise(html, getattr(request, "LANGUAGE_CODE", "en")).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
