"""The library's content: articles and glossary terms read from files, per language.

Articles live in ``content/<lang>/<slug>.md``: YAML front matter between ``---`` lines,
then Markdown. The glossary lives in ``content/<lang>/glossary.yaml``. Files are the
source of truth; the database only holds a search index built from them
(see ``search.py``). Everything here is read once per process and re-read when a
file changes, so editing content needs no restart.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from django.conf import settings
from markdown_it import MarkdownIt

from alongside.core import links

CONTENT_DIR = Path(__file__).resolve().parent / "content"
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)

# Words that hurt people. They may appear only in the glossary entry that explains why.
STIGMA_WORDS = ("addict", "addicts", "junkie", "junkies", "abuser", "abusers", "druggie", "druggies")
STIGMA_PATTERNS: dict[str, tuple[str, ...]] = {
    "en": (
        r"\baddicts?\b",
        r"\bjunkies?\b",
        r"\babusers?\b",
        r"\bdruggies?\b",
        r"\b(?:clean|dirty)\s+(?:test|tests|urine|sample|samples|screen|screens|result|results)\b",
        r"\b(?:test|tests|tested|testing|screen|sample|samples)\s+(?:came back\s+)?(?:clean|dirty)\b",
        r"\bsubstance abuse\b",
    ),
    "es": (
        r"\badict[oa]s?\b",
        r"\byonquis?\b",
        r"\bdrogadict[oa]s?\b",
        r"\bviciosos?\b",
        r"\b(?:prueba|pruebas|muestra|muestras|análisis)\s+(?:limpias?|sucias?)\b",
    ),
    "fr": (
        r"\btoxicos?\b",
        r"\bjunkies?\b",
        r"\bdrogués?\b",
        r"\bcamés?\b",
        r"\b(?:test|tests|échantillon|échantillons|analyse|analyses)\s+(?:propres?|sales?)\b",
    ),
}

TOPICS = ("understanding", "safety", "treatment", "together", "yourself")
REQUIRED_FIELDS = ("title", "summary", "topic", "reading_minutes", "reviewed", "sources")


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    url: str


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    text: str


@dataclass(frozen=True)
class Article:
    slug: str
    lang: str
    title: str
    summary: str
    topic: str
    reading_minutes: int
    reviewed: datetime.date
    sources: tuple[Source, ...]
    body: str
    related: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()

    @property
    def plain_text(self) -> str:
        return markdown_to_text(self.body)


@dataclass(frozen=True)
class Term:
    slug: str
    lang: str
    term: str
    definition: str
    also: tuple[str, ...] = ()
    article: str | None = None


@dataclass
class Library:
    lang: str
    articles: dict[str, Article] = field(default_factory=dict)
    terms: dict[str, Term] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def by_topic(self) -> list[tuple[str, list[Article]]]:
        grouped = {topic: [] for topic in TOPICS}
        for article in self.articles.values():
            grouped.setdefault(article.topic, []).append(article)
        return [(topic, sorted(items, key=lambda a: a.title)) for topic, items in grouped.items() if items]


class ContentError(ValueError):
    pass


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _fingerprint(lang: str) -> tuple:
    folder = CONTENT_DIR / lang
    if not folder.is_dir():
        return ()
    return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir()))


def fingerprint() -> str:
    """Changes whenever any content file changes; the search index stores it."""
    import hashlib

    digest = hashlib.sha256()
    for lang in languages():
        for name, _mtime, _size in _fingerprint(lang):
            digest.update(f"{lang}/{name}".encode())
            digest.update((CONTENT_DIR / lang / name).read_bytes())
    return digest.hexdigest()


def load(lang: str) -> Library:
    """The library for one language (falls back to nothing, never raises for a reader)."""
    return _load(lang, _fingerprint(lang))


@lru_cache(maxsize=8)
def _load(lang: str, _fingerprint_value: tuple) -> Library:
    library = Library(lang=lang)
    folder = CONTENT_DIR / lang
    if not folder.is_dir():
        library.problems.append(f"{lang}: no content folder")
        return library
    for path in sorted(folder.glob("*.md")):
        try:
            article = parse_article(path.read_text(encoding="utf-8"), slug=path.stem, lang=lang)
        except ContentError as exc:
            library.problems.append(f"{lang}/{path.name}: {exc}")
            continue
        library.articles[article.slug] = article
    glossary = folder / "glossary.yaml"
    if glossary.exists():
        try:
            for term in parse_glossary(glossary.read_text(encoding="utf-8"), lang=lang):
                if term.slug in library.terms:
                    library.problems.append(f"{lang}/glossary.yaml: {term.slug} appears twice")
                library.terms[term.slug] = term
        except ContentError as exc:
            library.problems.append(f"{lang}/glossary.yaml: {exc}")
    return library


def parse_article(text: str, *, slug: str, lang: str) -> Article:
    match = FRONT_MATTER.match(text.replace("\r\n", "\n"))
    if not match:
        raise ContentError("front matter between --- lines is missing")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise ContentError(f"front matter is not valid YAML: {exc}") from exc
    missing = [name for name in REQUIRED_FIELDS if not meta.get(name)]
    if missing:
        raise ContentError(f"missing {', '.join(missing)}")
    if meta["topic"] not in TOPICS:
        raise ContentError(f"unknown topic {meta['topic']!r}")
    reviewed = meta["reviewed"]
    if not isinstance(reviewed, datetime.date):
        raise ContentError("reviewed must be a date (YYYY-MM-DD)")
    sources = []
    for source in meta["sources"]:
        if not all(source.get(key) for key in ("title", "publisher", "url")):
            raise ContentError("each source needs a title, a publisher and a URL")
        if not str(source["url"]).startswith("https://"):
            raise ContentError(f"source URL is not https: {source['url']}")
        sources.append(Source(str(source["title"]), str(source["publisher"]), str(source["url"])))
    checklist = tuple(
        ChecklistItem(key=str(item["key"]), text=str(item["text"])) for item in meta.get("checklist") or ()
    )
    return Article(
        slug=slug,
        lang=lang,
        title=str(meta["title"]),
        summary=str(meta["summary"]),
        topic=meta["topic"],
        reading_minutes=int(meta["reading_minutes"]),
        reviewed=reviewed,
        sources=tuple(sources),
        body=match.group(2).strip(),
        related=tuple(meta.get("related") or ()),
        features=tuple(meta.get("features") or ()),
        checklist=checklist,
    )


def parse_glossary(text: str, *, lang: str) -> list[Term]:
    try:
        rows = yaml.safe_load(text) or []
    except yaml.YAMLError as exc:
        raise ContentError(f"not valid YAML: {exc}") from exc
    terms = []
    for row in rows:
        if not row.get("slug") or not row.get("term") or not row.get("definition"):
            raise ContentError(f"each term needs a slug, a term and a definition: {row!r}")
        terms.append(
            Term(
                slug=str(row["slug"]),
                lang=lang,
                term=str(row["term"]),
                definition=str(row["definition"]).strip(),
                also=tuple(str(a) for a in row.get("also") or ()),
                article=row.get("article"),
            )
        )
    return terms


# Markdown: raw HTML off, so content can never inject markup or script.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def render(body: str, *, circle_id=None, role: str | None = None) -> str:
    """Article Markdown to HTML, with ``article:``, ``glossary:`` and ``app:`` links resolved.

    A link this reader cannot follow (a tool inside a circle they do not have, or that
    their role may not open) is shown as its plain words, never as a link to a 404."""
    tokens = _markdown.parse(body)
    for token in tokens:
        if not token.children:
            continue
        kept, unlinked = [], False
        for child in token.children:
            if child.type == "link_open":
                href = child.attrGet("href") or ""
                if re.match(r"^(article|glossary|app):", href):
                    resolved = links.resolve(href, circle_id, role)
                    if resolved is None:
                        unlinked = True
                        continue
                    child.attrSet("href", resolved)
                    if href.startswith("glossary:"):
                        child.attrSet("class", "glossary-link")
            elif child.type == "link_close" and unlinked:
                unlinked = False
                continue
            kept.append(child)
        token.children = kept
    return _markdown.renderer.render(tokens, _markdown.options, {})


def markdown_to_text(body: str) -> str:
    """Plain prose for readability scoring and the search index."""
    # Headings and list items read as sentences of their own, so they score as such.
    body = "\n".join(
        line if not line.strip() or line.rstrip()[-1] in ".!?:;" else line.rstrip() + "."
        for line in body.splitlines()
        if not line.lstrip().startswith("|---")
    )
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", body)
    text = re.sub(r"^#+\s*", "", text, flags=re.M)
    text = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", text, flags=re.M)
    text = re.sub(r"[*_`>|]", "", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def validate_all() -> list[str]:
    """Every problem in the content, across languages, as readable lines (empty when sound)."""
    problems: list[str] = []
    libraries = {lang: load(lang) for lang in languages()}
    english = libraries.get("en")
    for lang, library in libraries.items():
        problems.extend(library.problems)
        for article in library.articles.values():
            if len(article.sources) < 2:
                problems.append(f"{lang}/{article.slug}: needs two or more sources")
            for slug in article.related:
                if slug not in library.articles:
                    problems.append(f"{lang}/{article.slug}: related article {slug!r} does not exist")
            for feature in article.features:
                if feature.partition(":")[2] not in links.APP_FEATURES:
                    problems.append(f"{lang}/{article.slug}: unknown feature {feature!r}")
            for target in re.findall(r"\]\((glossary|article):([^)\s]+)\)", article.body):
                kind, slug = target
                pool = library.terms if kind == "glossary" else library.articles
                if slug not in pool:
                    problems.append(f"{lang}/{article.slug}: link to missing {kind} {slug!r}")
        for term in library.terms.values():
            if term.article and term.article not in library.articles:
                problems.append(f"{lang}/glossary {term.slug}: article {term.article!r} does not exist")
        if english and lang != "en":
            for slug in english.articles.keys() - library.articles.keys():
                problems.append(f"{lang}: article {slug} is not translated")
            for slug in english.terms.keys() - library.terms.keys():
                problems.append(f"{lang}: glossary term {slug} is not translated")
            for slug, article in library.articles.items():
                original = english.articles.get(slug)
                if original and [i.key for i in original.checklist] != [i.key for i in article.checklist]:
                    problems.append(f"{lang}/{slug}: checklist keys differ from English")
    return problems


def stigma_hits(text: str, lang: str) -> list[str]:
    return [m.group(0) for pattern in STIGMA_PATTERNS.get(lang, ()) for m in re.finditer(pattern, text, re.I)]
