"""The core's tables: heartbeats that /healthz reads (and writes, as its probe), and the host's
background import jobs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Heartbeat(models.Model):
    """One row per kind of process: "web" (written by each /healthz, proving the database takes
    writes) and "worker" (written by every tick of the background worker)."""

    name = models.CharField(max_length=40, primary_key=True)
    started_at = models.DateTimeField(null=True, blank=True)
    last_tick_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    # Short descriptions of what failed in the last tick (a scanner's name and the error's
    # class): never a message's text, which could hold personal data.
    problems = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name


class ImportJob(models.Model):
    """A host's upload imported in the background (the facility and meeting import pages): the page
    shows its progress while the worker runs it, then its summary. Holds no personal data: the files
    are public directory data, kept on disk only until the job ends (``core/imports.py``)."""

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20)  # "facilities" or "meetings"
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    options = models.JSONField(default=dict, blank=True)
    files = models.JSONField(default=list, blank=True)  # [[name, path on disk], ...]
    rows_done = models.PositiveIntegerField(default=0)
    per_second = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)  # the report's counts and reasons
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} import {self.id}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
