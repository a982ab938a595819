"""Every app's Spanish and French catalogues are complete, and the committed .mo files
match their .po sources (so a laptop never needs gettext tools)."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "alongside"
CATALOGUES = sorted(SRC.glob("*/locale/*/LC_MESSAGES/django.po"))


def test_every_app_with_templates_or_models_has_spanish_and_french_catalogues():
    apps_with_strings = {p.parent.name for p in SRC.glob("*/templates")}
    for app in apps_with_strings:
        for lang in ("es", "fr"):
            assert (SRC / app / "locale" / lang / "LC_MESSAGES" / "django.po").exists(), f"{app} lacks {lang}"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_catalogue_has_no_empty_or_fuzzy_translation(po_path):
    catalogue = polib.pofile(str(po_path))
    empty = [e.msgid for e in catalogue if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags and not e.obsolete]
    assert not empty, f"untranslated in {po_path}: {empty[:5]}"
    assert not fuzzy, f"fuzzy in {po_path}: {fuzzy[:5]}"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_compiled_catalogue_matches_its_source(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: compile the catalogue"
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path))}
    for entry in polib.pofile(str(po_path)):
        if entry.obsolete or not entry.translated() or entry.msgid_plural:
            continue
        assert compiled.get((entry.msgctxt, entry.msgid)) == entry.msgstr, (
            f"{mo_path} is stale: {entry.msgid!r}"
        )


@pytest.mark.django_db
def test_a_page_under_es_is_in_spanish_and_under_fr_in_french(client):
    spanish = client.get("/es/").content.decode()
    french = client.get("/fr/").content.decode()
    assert 'lang="es"' in spanish and "Salida rápida" in spanish
    assert 'lang="fr"' in french and "Sortie rapide" in french


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_every_plural_entry_has_every_form_the_language_needs(po_path):
    # Spanish and French have three plural forms in Django's rules; a missing one shows English
    # (e.g. "11 new" in the Spanish header).
    import re

    catalogue = polib.pofile(str(po_path))
    forms = int(re.search(r"nplurals=(\d+)", catalogue.metadata.get("Plural-Forms", "nplurals=2")).group(1))
    short = [e.msgid for e in catalogue if e.msgid_plural and not e.obsolete and len(e.msgstr_plural) < forms]
    assert not short, f"plural forms missing in {po_path}: {short[:5]}"
