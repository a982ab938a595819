from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.circles.records import PersonalRecord
from alongside.core.fields import EncryptedTextField


class Note(PersonalRecord):
    """A short note inside a circle. Title and body are both encrypted at rest."""

    title = EncryptedTextField(_("title"), max_length=120)
    body = EncryptedTextField(_("note"), max_length=5000)

    audit_label = "note"

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["circle", "-created_at"])]

    def __str__(self) -> str:
        return self.title
