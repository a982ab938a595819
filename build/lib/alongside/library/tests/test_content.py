"""The library's content, checked from the files themselves."""

import re
import statistics

import pytest
import textstat

from alongside.library import content

LANGS = ("en", "es", "fr")
REQUIRED_TOPICS = {
    "addiction-chronic-condition",
    "heroin-and-fentanyl",
    "signs-of-use",
    "health-risks",
    "overdose-and-naloxone",
    "treatment-options",
    "medications-for-opioid-use-disorder",
    "behavioural-therapies",
    "co-occurring-conditions",
    "harm-reduction",
    "respecting-their-goal",
    "talking-without-judgement",
    "boundaries",
    "enabling-or-supporting",
    "staying-in-contact",
    "relapse-and-prevention",
    "coming-home-after-treatment",
    "celebrating-milestones",
    "support-groups",
    "stigma",
    "looking-after-yourself",
    "questions-for-a-treatment-programme",
}
REQUIRED_TERMS = {
    "php",
    "iop",
    "moud",
    "mat",
    "otp",
    "naloxone",
    "tolerance",
    "withdrawal",
    "detox",
    "relapse",
    "harm-reduction",
    "twelve-steps",
    "sponsor",
    "craft",
    "enabling",
    "fentanyl-test-strips",
}


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_25_articles_and_40_glossary_terms(lang):
    library = content.load(lang)
    assert not library.problems
    assert len(library.articles) >= 25
    assert len(library.terms) >= 40


@pytest.mark.parametrize("lang", LANGS)
def test_the_topics_and_terms_the_issue_names_are_all_there(lang):
    library = content.load(lang)
    assert REQUIRED_TOPICS <= library.articles.keys()
    assert REQUIRED_TERMS <= library.terms.keys()


def test_every_article_has_two_sources_a_reviewed_date_and_a_reading_time():
    for lang in LANGS:
        for article in content.load(lang).articles.values():
            assert len(article.sources) >= 2, article.slug
            assert all(s.url.startswith("https://") and s.publisher and s.title for s in article.sources)
            assert article.reviewed.year >= 2025, article.slug
            assert 1 <= article.reading_minutes <= 15


def test_the_content_has_no_problems_across_languages():
    """Translations present, related articles and glossary links real, checklist keys aligned."""
    assert content.validate_all() == []


def test_translations_cite_the_same_sources_as_english():
    english = content.load("en")
    for lang in ("es", "fr"):
        for slug, article in content.load(lang).articles.items():
            assert {s.url for s in article.sources} == {s.url for s in english.articles[slug].sources}, (
                lang,
                slug,
            )


def test_the_questions_for_a_programme_come_with_a_checklist_in_every_language():
    for lang in LANGS:
        assert len(content.load(lang).articles["questions-for-a-treatment-programme"].checklist) >= 10


@pytest.mark.parametrize("lang", LANGS)
def test_no_stigmatising_words_outside_the_entry_that_explains_them(lang):
    library = content.load(lang)
    found = {}
    for article in library.articles.values():
        text = f"{article.title}\n{article.summary}\n{article.body}\n" + " ".join(
            i.text for i in article.checklist
        )
        if hits := content.stigma_hits(text, lang):
            found[article.slug] = hits
    for term in library.terms.values():
        if term.slug == "words-we-avoid":
            continue
        if hits := content.stigma_hits(f"{term.term} {' '.join(term.also)} {term.definition}", lang):
            found[f"glossary:{term.slug}"] = hits
    assert found == {}


@pytest.mark.parametrize("lang", LANGS)
def test_the_glossary_explains_the_words_we_avoid_using_those_words(lang):
    entry = content.load(lang).terms["words-we-avoid"]
    assert len(content.stigma_hits(entry.definition, lang)) >= 2


def test_the_stigma_check_catches_what_it_is_meant_to_catch():
    assert content.stigma_hits("My son is an addict.", "en") == ["addict"]
    assert content.stigma_hits("Her test came back dirty.", "en")
    assert content.stigma_hits("a clean urine sample", "en")
    assert content.stigma_hits("Es un adicto.", "es")
    assert content.stigma_hits("un toxico", "fr")
    assert content.stigma_hits("A person who uses heroin had a negative test.", "en") == []


def _grade(text: str) -> float:
    textstat.set_lang("en")
    return textstat.flesch_kincaid_grade(text)


def test_every_english_article_reads_at_grade_9_or_below_and_the_median_at_8_or_below():
    grades = {slug: _grade(a.plain_text) for slug, a in content.load("en").articles.items()}
    too_hard = {slug: g for slug, g in grades.items() if g > 9}
    assert too_hard == {}
    assert statistics.median(grades.values()) <= 8


def test_the_readability_measure_tells_hard_text_from_plain_text():
    hard = (
        "Pharmacological interventions incorporating opioid agonist maintenance demonstrate substantially "
        "reduced all-cause mortality, notwithstanding heterogeneous methodological characteristics."
    )
    assert _grade(hard) > 9 > _grade("Naloxone can bring back someone's breathing. Keep it close.")


def test_markdown_links_and_list_items_become_plain_sentences():
    text = content.markdown_to_text("## Signs\n\n- small pupils\n- [slow breathing](glossary:overdose)\n")
    assert text.split() == ["Signs.", "small", "pupils.", "slow", "breathing."]


def test_a_broken_file_is_reported_not_raised():
    with pytest.raises(content.ContentError, match="sources"):
        content.parse_article(
            "---\ntitle: T\nsummary: S\ntopic: safety\nreading_minutes: 2\nreviewed: 2026-01-01\n---\nBody",
            slug="x",
            lang="en",
        )
    with pytest.raises(content.ContentError, match="front matter"):
        content.parse_article("No front matter", slug="x", lang="en")


def test_rendering_keeps_raw_html_out_and_resolves_content_links():
    html = content.render(
        "<script>alert(1)</script>\n\nSee [tolerance](glossary:tolerance) and [the steps](app:emergency)."
    )
    assert "<script>" not in html
    assert 'href="/learn/glossary/#tolerance"' in html
    assert re.search(r'href="/emergency/"', html)


def test_a_link_to_a_tool_the_reader_cannot_open_reads_as_plain_words():
    html = content.render("Keep [a journal](app:journal) of what you see.")
    assert "<a" not in html
    assert "Keep a journal of what you see." in html
