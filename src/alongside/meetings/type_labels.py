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

# NA world format ids (the ``world_id`` BMLT servers give each of their own format keys) that have no
# Meeting Guide equivalent, stored as ``NA-<world id>``: English, Spanish and French.
# Checked against the list BMLT publishes: the "NAWS format" choices of bmlt-enabled/bmlt-server's
# format editor (src/resources/js/components/FormatForm.svelte) and their names in its translations:
# BEG BT CAN CH CLOSED CPT CW DISC GL GP HYBR IP IW JFT LANG LC LIT M MED NC NS OPEN QA RA S-D SMOK
# SPAD SPK STEP SWG TC TOP TRAD VAR VM W WCHR Y. Those with a Meeting Guide code are mapped in
# importers.WORLD_ID_TO_MEETING_GUIDE; VM and HYBR set the attendance; the rest are here.
NA_WORLD_FORMATS: dict[str, dict[str, str]] = {
    "BT": {"en": "Basic Text", "es": "Texto Básico", "fr": "Texte de base"},
    "JFT": {"en": "Just for Today", "es": "Solo por hoy", "fr": "Juste pour aujourd'hui"},
    "IW": {
        "en": "It Works: How and Why",
        "es": "Funciona: cómo y por qué",
        "fr": "Ça marche : comment et pourquoi",
    },
    "SWG": {
        "en": "Step Working Guides",
        "es": "Guías para trabajar los pasos",
        "fr": "Guides de travail sur les étapes",
    },
    "LC": {"en": "Living Clean", "es": "Vivir limpios", "fr": "Vivre abstinent"},
    "GP": {"en": "Guiding Principles", "es": "Principios guía", "fr": "Principes directeurs"},
    "SPAD": {
        "en": "A Spiritual Principle a Day",
        "es": "Un principio espiritual al día",
        "fr": "Un principe spirituel par jour",
    },
    "IP": {
        "en": "Information pamphlet study",
        "es": "Estudio de folletos informativos",
        "fr": "Étude de brochures d'information",
    },
    "CPT": {"en": "Twelve Concepts", "es": "Doce Conceptos", "fr": "Douze concepts"},
    "QA": {"en": "Questions and answers", "es": "Preguntas y respuestas", "fr": "Questions et réponses"},
    "TOP": {"en": "Topic", "es": "Tema", "fr": "Thème"},
    "VAR": {"en": "Format varies", "es": "Formato variable", "fr": "Format variable"},
    "NC": {"en": "No children, please", "es": "Sin niños, por favor", "fr": "Sans enfants, s'il vous plaît"},
    "CH": {"en": "Closed on holidays", "es": "Cerrada los días festivos", "fr": "Fermée les jours fériés"},
    "NS": {"en": "No smoking", "es": "No se permite fumar", "fr": "Non-fumeurs"},
    "RA": {"en": "Restricted access", "es": "Acceso restringido", "fr": "Accès restreint"},
    "S-D": {
        "en": "Speaker and discussion",
        "es": "Orador y discusión",
        "fr": "Partage d'un orateur et discussion",
    },
    "LANG": {"en": "Another language", "es": "Otro idioma", "fr": "Autre langue"},
}


# Al-Anon's own type codes (the code4recovery 12 Step Meeting List plugin, program "al-anon") that the
# Meeting Guide list above lacks.
AL_ANON_TYPES: dict[str, dict[str, str]] = {
    "AA": {
        "en": "At the same time as an AA meeting",
        "es": "Al mismo tiempo que una reunión de AA",
        "fr": "En même temps qu'une réunion des AA",
    },
}


@lru_cache(maxsize=1)
def all_labels() -> dict[str, dict[str, str]]:
    return json.loads(DATA.read_text(encoding="utf-8"))


def label(code: str, language: str | None = None) -> str:
    lang = (language or get_language() or "en")[:2]
    entry = (
        NA_WORLD_FORMATS.get(code[3:])
        if code.startswith("NA-")
        else all_labels().get(code) or AL_ANON_TYPES.get(code)
    )
    if not entry:
        return code
    return entry.get(lang) or entry.get("en") or code


def labels(codes, language: str | None = None) -> list[tuple[str, str]]:
    return [(code, label(code, language)) for code in codes]
