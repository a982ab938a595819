"""Search across articles and the glossary, on whichever database the suite runs."""

import pytest
from django.db import connection

from alongside.library import content, search
from alongside.library.models import IndexState, SearchEntry

pytestmark = pytest.mark.django_db


def slugs(query, lang="en"):
    return [(r.kind, r.slug) for r in search.search(query, lang)]


def test_intensive_outpatient_finds_the_iop_entry():
    assert ("term", "iop") in slugs("intensive outpatient")


def test_narcan_finds_naloxone_first():
    results = slugs("narcan")
    assert results[0] == ("term", "naloxone")
    assert ("article", "overdose-and-naloxone") in results


def test_a_word_cut_short_finds_naloxone():
    assert ("term", "naloxone") in slugs("naloxon")


def test_a_small_typo_is_forgiven():
    assert ("term", "naloxone") in slugs("nalaxone")
    assert ("term", "buprenorphine") in slugs("buprenorfine")


def test_results_are_in_the_reader_s_language():
    spanish = search.search("naloxona", "es")
    assert spanish and spanish[0].slug == "naloxone"
    assert any("naloxona" in r.title.lower() for r in spanish)
    french = search.search("sevrage", "fr")
    assert ("term", "withdrawal") in [(r.kind, r.slug) for r in french]


def test_accents_do_not_matter():
    plain = [r.slug for r in search.search("rechute", "fr")]
    assert plain and plain == [r.slug for r in search.search("réchute", "fr")]
    spanish = [r.slug for r in search.search("adiccion", "es")]
    assert spanish and spanish == [r.slug for r in search.search("adicción", "es")]


def test_titles_outrank_passing_mentions():
    results = slugs("boundaries")
    top = results[:2]
    assert ("article", "boundaries") in top or ("term", "boundary") in top


def test_an_empty_or_meaningless_query_returns_nothing():
    assert search.search("", "en") == []
    assert search.search("   ?? ", "en") == []
    assert search.search("zzzzqqqq", "en") == []


def test_query_syntax_from_the_user_cannot_break_the_search():
    for query in ['"', "naloxone OR", "NEAR(", "a:*", "'; DROP TABLE library_searchentry; --", "*", "(-)"]:
        search.search(query, "en")
    assert SearchEntry.objects.exists()


def test_the_index_is_rebuilt_when_content_changes(tmp_path, monkeypatch, settings):
    search.ensure_index()
    assert IndexState.objects.get(key="library").fingerprint == content.fingerprint()
    before = SearchEntry.objects.filter(lang="en", kind="article").count()

    for lang in ("en", "es", "fr"):
        folder = tmp_path / lang
        folder.mkdir()
        for path in (content.CONTENT_DIR / lang).iterdir():
            (folder / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(content, "CONTENT_DIR", tmp_path)
    (tmp_path / "en" / "a-new-page.md").write_text(
        "---\ntitle: Quokkas and recovery\nsummary: A test page.\ntopic: yourself\nreading_minutes: 1\n"
        "reviewed: 2026-11-25\nsources:\n  - {title: A, publisher: B, url: 'https://example.org/a'}\n"
        "  - {title: C, publisher: D, url: 'https://example.org/c'}\n---\nQuokkas smile.\n",
        encoding="utf-8",
    )
    assert ("article", "a-new-page") in slugs("quokkas")
    assert SearchEntry.objects.filter(lang="en", kind="article").count() == before + 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table exists only on SQLite")
def test_sqlite_uses_its_fts5_table():
    search.ensure_index()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM library_search_fts WHERE library_search_fts MATCH 'naloxone'")
        assert cursor.fetchone()[0] > 0
