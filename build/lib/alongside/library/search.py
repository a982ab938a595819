"""Search across articles and glossary terms, in the reader's language.

The database does the matching and ranking: an FTS5 table on SQLite, ``to_tsvector`` and
``ts_rank`` on PostgreSQL. Before the query reaches it, each word is made forgiving here:
a word the library does not contain is corrected to the nearest word it does contain
("naloxon" becomes "naloxone"), short words also match as prefixes, and a glossary term's
other names bring in the term itself ("narcan" also searches for "naloxone").
The index is rebuilt from the content files whenever their fingerprint changes.
"""

from __future__ import annotations

import difflib
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection, transaction

from alongside.library import content
from alongside.library.models import IndexState, SearchEntry

FTS_TABLE = "library_search_fts"
PG_CONFIGS = {"en": "english", "es": "spanish", "fr": "french"}
MAX_RESULTS = 30
_lock = threading.Lock()
_checked_fingerprint: list[str] = []


@dataclass(frozen=True)
class Result:
    kind: str
    slug: str
    title: str
    summary: str


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return re.findall(r"\w+", normalise(text))


# --- Building the index -----------------------------------------------------------------


def entries_from_content() -> list[SearchEntry]:
    rows = []
    for lang in content.languages():
        library = content.load(lang)
        for article in library.articles.values():
            checklist = " ".join(item.text for item in article.checklist)
            rows.append(
                SearchEntry(
                    lang=lang,
                    kind=SearchEntry.Kind.ARTICLE,
                    slug=article.slug,
                    title=article.title,
                    summary=article.summary,
                    body=f"{article.plain_text}\n{checklist}",
                )
            )
        for term in library.terms.values():
            rows.append(
                SearchEntry(
                    lang=lang,
                    kind=SearchEntry.Kind.TERM,
                    slug=term.slug,
                    title=term.term,
                    aliases=" ; ".join(term.also),
                    summary=term.definition,
                    body=term.definition,
                )
            )
    return rows


@transaction.atomic
def rebuild() -> int:
    """Replace the whole index with what the content files say now."""
    SearchEntry.objects.all().delete()
    SearchEntry.objects.bulk_create(entries_from_content(), batch_size=200)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, title, aliases, summary, body, lang) "
                "SELECT id, title, aliases, summary, body, lang FROM library_searchentry"
            )
    fingerprint = content.fingerprint()
    IndexState.objects.update_or_create(key="library", defaults={"fingerprint": fingerprint})
    return SearchEntry.objects.count()


def ensure_index() -> None:
    """Rebuild when the content changed since the last build (cheap when it has not)."""
    fingerprint = content.fingerprint()
    if _checked_fingerprint and _checked_fingerprint[0] == fingerprint and SearchEntry.objects.exists():
        return
    with _lock:
        state = IndexState.objects.filter(key="library").first()
        if state is None or state.fingerprint != fingerprint or not SearchEntry.objects.exists():
            rebuild()
        _checked_fingerprint[:] = [fingerprint]


# --- Making the query forgiving ------------------------------------------------------------


@lru_cache(maxsize=8)
def _vocabulary(lang: str, _fingerprint: str) -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """Every word the library holds in ``lang``, and each glossary alias mapped to its term."""
    library = content.load(lang)
    vocabulary: set[str] = set()
    for article in library.articles.values():
        vocabulary.update(words(f"{article.title} {article.summary} {article.plain_text}"))
    aliases: dict[str, tuple[str, ...]] = {}
    for term in library.terms.values():
        name = term.term.split("(")[0]
        vocabulary.update(words(f"{term.term} {' '.join(term.also)} {term.definition}"))
        for alias in (*term.also, name, term.slug.replace("-", " ")):
            aliases.setdefault(" ".join(words(alias)), tuple(words(name)))
    return frozenset(w for w in vocabulary if len(w) > 1), aliases


def vocabulary(lang: str):
    return _vocabulary(lang, content.fingerprint())


def closest(word: str, known: frozenset[str]) -> list[str]:
    """Words of the library within a small edit of ``word`` (same first letter, similar length)."""
    if len(word) < 4:
        return []
    candidates = [w for w in known if w[0] == word[0] and abs(len(w) - len(word)) <= 2]
    return difflib.get_close_matches(word, candidates, n=2, cutoff=0.75)


@dataclass(frozen=True)
class Group:
    """One word of the query and what may stand for it."""

    exact: tuple[str, ...]
    prefixes: tuple[str, ...]


def plan(query: str, lang: str) -> list[Group]:
    known, aliases = vocabulary(lang)
    tokens = words(query)[:8]
    groups: list[Group] = []
    expansions = aliases.get(" ".join(tokens), ())
    for token in tokens:
        exact = {token}
        prefixes: set[str] = set()
        if len(token) >= 3:
            prefixes.add(token)
        if token not in known and not any(w.startswith(token) for w in known):
            exact.update(closest(token, known))
        if token in aliases:
            exact.update(aliases[token])
        groups.append(Group(tuple(sorted(exact)), tuple(sorted(prefixes))))
    if expansions and len(tokens) > 1:
        # A multi-word alias ("intensive outpatient program"): the term's own name is enough.
        groups = [Group(tuple(sorted({*expansions} | {" ".join(tokens)})), ())]
    return groups


# --- Querying ---------------------------------------------------------------------------


def _fts5_expression(groups: list[Group], joiner: str) -> str:
    def quoted(word: str) -> str:
        return '"' + word.replace('"', "") + '"'

    parts = []
    for group in groups:
        options = [quoted(w) for w in group.exact] + [quoted(p) + "*" for p in group.prefixes]
        parts.append("(" + " OR ".join(options) + ")")
    return f" {joiner} ".join(parts)


def _search_sqlite(groups: list[Group], lang: str) -> list[int]:
    for joiner in ("AND", "OR"):
        expression = _fts5_expression(groups, joiner)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND lang = %s "
                f"ORDER BY bm25({FTS_TABLE}, 10.0, 8.0, 3.0, 1.0) LIMIT %s",
                [expression, lang, MAX_RESULTS],
            )
            ids = [row[0] for row in cursor.fetchall()]
        if ids or len(groups) == 1:
            return ids
    return []


def _tsquery(groups: list[Group], joiner: str) -> str:
    parts = []
    for group in groups:
        options = [" <-> ".join(re.findall(r"\w+", w)) for w in group.exact]
        options += [f"{p}:*" for p in group.prefixes]
        parts.append("(" + " | ".join(o for o in options if o) + ")")
    return f" {joiner} ".join(parts)


def _search_postgres(groups: list[Group], lang: str) -> list[int]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    config = PG_CONFIGS.get(lang, "simple")
    vector = (
        SearchVector("title", weight="A", config=config)
        + SearchVector("aliases", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector("body", weight="D", config=config)
    )
    for joiner in ("&", "|"):
        query = SearchQuery(_tsquery(groups, joiner), search_type="raw", config=config)
        ids = list(
            SearchEntry.objects.filter(lang=lang)
            .annotate(vector=vector, rank=SearchRank(vector, query))
            .filter(vector=query)
            .order_by("-rank", "title")
            .values_list("id", flat=True)[:MAX_RESULTS]
        )
        if ids or len(groups) == 1:
            return ids
    return []


def search(query: str, lang: str) -> list[Result]:
    """Ranked articles and glossary terms for ``query`` in ``lang``; empty for an empty query."""
    if lang not in content.languages():
        lang = "en"
    groups = plan(query, lang)
    if not groups:
        return []
    ensure_index()
    ids = _search_sqlite(groups, lang) if connection.vendor == "sqlite" else _search_postgres(groups, lang)
    entries = SearchEntry.objects.in_bulk(ids)
    ranked = [entries[i] for i in ids if i in entries]
    # A glossary term whose name or other name is exactly the query comes first.
    _known, aliases = vocabulary(lang)
    wanted = aliases.get(" ".join(words(query)))
    if wanted:
        ranked.sort(
            key=lambda e: (
                not (e.kind == SearchEntry.Kind.TERM and tuple(words(e.title.split("(")[0])) == wanted)
            )
        )
    return [Result(kind=e.kind, slug=e.slug, title=e.title, summary=e.summary) for e in ranked]
