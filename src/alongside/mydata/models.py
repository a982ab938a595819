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


CIRCLE_DELETION_GRACE_DAYS = 7


class HandoverOffer(models.Model):
    """An organiser offers their role to another member, who accepts (or not)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    circle = models.ForeignKey("circles.Circle", on_delete=models.CASCADE, related_name="+")
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    offered_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["circle"], name="one_handover_offer_per_circle")]

    def __str__(self) -> str:
        return f"{self.offered_by} offers {self.circle} to {self.offered_to}"


class CircleDeletion(models.Model):
    """A circle an organiser asked to delete: every record of it goes once the grace period ends."""

    circle = models.OneToOneField(
        "circles.Circle", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Deletion of {self.circle_id}"

    @property
    def purge_after(self):
        return self.requested_at + timedelta(days=CIRCLE_DELETION_GRACE_DAYS)


class DeviceSafety(models.Model):
    """A member's settings for a shared device: an app-lock PIN (hashed like a password), how long
    the app may sit idle before it locks, and before the session ends."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    pin_hash = models.CharField(max_length=256, blank=True)
    lock_after_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    sign_out_after_minutes = models.PositiveSmallIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Device safety of {self.user_id}"

    @property
    def has_pin(self) -> bool:
        return bool(self.pin_hash)
