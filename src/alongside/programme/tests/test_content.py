"""The programme's content: the same eight skills in CRAFT's order in every language, each with
sources, a reviewed date, links that resolve and none of the words we avoid."""

import re

import pytest

from alongside.library import content as library
from alongside.programme import content

LANGUAGES = ("en", "es", "fr")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_the_eight_skills_in_crafts_order(lang):
    programme = content.load(lang)
    assert tuple(s.slug for s in programme.skills) == content.SLUGS
    assert programme.reviewed.year >= 2026
    for skill in programme.skills:
        for field in (
            "title",
            "summary",
            "explanation",
            "example",
            "worksheet_help",
            "practice",
            "follow_up",
        ):
            assert getattr(skill, field).strip(), f"{lang}/{skill.slug}: {field} is empty"
        assert len(skill.sources) >= 2, f"{lang}/{skill.slug}: needs two or more sources"
        assert all(s.url.startswith("https://") and s.title and s.publisher for s in skill.sources)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_related_articles_and_glossary_links_exist_in_the_same_language(lang):
    lib = library.load(lang)
    for skill in content.load(lang).skills:
        assert skill.related, f"{lang}/{skill.slug}: no related article"
        for slug in skill.related:
            assert slug in lib.articles, f"{lang}/{skill.slug}: related article {slug} does not exist"
        for field in content.MARKDOWN_FIELDS:
            for kind, target in re.findall(r"\]\((glossary|article|app):([^)\s]+)\)", getattr(skill, field)):
                if kind == "glossary":
                    assert target in lib.terms, f"{lang}/{skill.slug}: glossary {target} missing"
                elif kind == "article":
                    assert target in lib.articles, f"{lang}/{skill.slug}: article {target} missing"
                else:
                    from alongside.core.links import APP_FEATURES

                    assert target in APP_FEATURES, f"{lang}/{skill.slug}: unknown feature {target}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_word_we_avoid(lang):
    for skill in content.load(lang).skills:
        text = " ".join(
            str(getattr(skill, f))
            for f in ("title", "summary", "explanation", "example", "worksheet_help", "practice", "follow_up")
        )
        assert not library.stigma_hits(text, lang), f"{lang}/{skill.slug}: {library.stigma_hits(text, lang)}"


def test_english_explanations_read_at_grade_8_or_below():
    import textstat

    for skill in content.load("en").skills:
        text = library.markdown_to_text(f"{skill.explanation}\n\n{skill.example}")
        assert textstat.flesch_kincaid_grade(text) <= 8.5, skill.slug


def test_markdown_renders_links_for_the_reader_and_no_raw_html(circle_members):
    skill = content.load("en").skill("natural-consequences")
    circle = circle_members["circle"]
    html = skill.html("practice", circle.id, "supporter")
    assert f"/c/{circle.id}/plans/boundaries/" in html or "/boundaries/" in html
    assert 'class="glossary-link"' in skill.html("explanation", circle.id, "supporter")
    # A visitor without a circle gets the words, not a link to a page they cannot open.
    assert "/boundaries/" not in skill.html("practice")
