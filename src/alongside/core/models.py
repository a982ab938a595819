"""The only table the core owns: heartbeats that /healthz reads (and writes, as its probe)."""

from __future__ import annotations

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
