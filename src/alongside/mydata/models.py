"""A member's own data: exports waiting to be downloaded."""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone

EXPORT_LINK_HOURS = 48


def new_link_token() -> str:
    return secrets.token_urlsafe(32)


class ExportState(models.TextChoices):
    PREPARING = "preparing"
    READY = "ready"
    DOWNLOADED = "downloaded"
    EXPIRED = "expired"
    FAILED = "failed"


class DataExport(models.Model):
    """One request to export everything of a member. The zip waits, encrypted with the
    field key, in the data directory until its one-time link is used or runs out."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=12, choices=ExportState.choices, default=ExportState.PREPARING)
    link_token = models.CharField(max_length=64, unique=True, default=new_link_token)
    requested_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Export of {self.user} ({self.state})"

    @property
    def expires_at(self):
        return self.requested_at + timedelta(hours=EXPORT_LINK_HOURS)

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    @property
    def file_path(self) -> Path:
        return Path(settings.DATA_DIR) / "exports" / f"{self.id}.zip.enc"
