"""Check the library's content: structure, translations, sources, words, readability."""

from __future__ import annotations

import statistics

import textstat
from django.core.management.base import BaseCommand

from alongside.library import content

GRADE_LIMIT = 9.0
MEDIAN_LIMIT = 8.0


def grade(text: str) -> float:
    textstat.set_lang("en")
    return textstat.flesch_kincaid_grade(text)


class Command(BaseCommand):
    help = "Check library content and print the reading grade of each English article."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="only these articles")

    def handle(self, *args, slugs, **options):
        problems = content.validate_all()
        grades = []
        for lang in content.languages():
            library = content.load(lang)
            for slug, article in sorted(library.articles.items()):
                hits = content.stigma_hits(article.title + "\n" + article.body, lang)
                if hits:
                    problems.append(f"{lang}/{slug}: words we avoid: {', '.join(hits)}")
                if lang == "en":
                    value = grade(article.plain_text)
                    grades.append(value)
                    if not slugs or slug in slugs:
                        words = len(article.plain_text.split())
                        flag = "  TOO HARD" if value > GRADE_LIMIT else ""
                        self.stdout.write(f"{slug:45} grade {value:4.1f}  {words:4} words{flag}")
            self.stdout.write(
                f"{lang}: {len(library.articles)} articles, {len(library.terms)} glossary terms"
            )
        if grades:
            self.stdout.write(f"median grade {statistics.median(grades):.1f} (limit {MEDIAN_LIMIT})")
        for line in problems:
            if not slugs or any(s in line for s in slugs):
                self.stdout.write(self.style.ERROR(line))
