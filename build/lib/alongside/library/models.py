from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.circles.records import PersonalRecord
from alongside.core.fields import EncryptedTextField


class SearchEntry(models.Model):
    """One article or glossary term in one language, as the search index sees it.

    Built from the content files by ``search.rebuild``; never edited by hand. On SQLite
    an FTS5 table mirrors these rows; on PostgreSQL the text is searched in place.
    """

    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        TERM = "term", _("Glossary")

    lang = models.CharField(max_length=8)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    aliases = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lang", "kind", "slug"], name="library_entry_unique")]
        indexes = [models.Index(fields=["lang", "kind"])]

    def __str__(self) -> str:
        return f"{self.lang}/{self.kind}/{self.slug}"


class IndexState(models.Model):
    """The fingerprint of the content the index was last built from."""

    key = models.CharField(max_length=20, primary_key=True)
    fingerprint = models.CharField(max_length=64)
    built_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.fingerprint[:12]}"


class ProgrammeChecklist(PersonalRecord):
    """A family's answers to the questions for one treatment programme, kept in their circle."""

    article_slug = models.SlugField(max_length=80)
    programme = EncryptedTextField(_("programme"), max_length=200)
    ticked = models.JSONField(default=list, blank=True)
    notes = EncryptedTextField(_("notes"), max_length=5000, blank=True)

    audit_label = "programme checklist"

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.programme
