from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.circles.records import PersonalRecord


class SituationChoice(PersonalRecord):
    """Where the circle is right now, as a member saved it. The newest one a member may see counts."""

    situation = models.CharField(_("situation"), max_length=40)

    audit_label = "situation"

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.situation


class StepDone(PersonalRecord):
    """One supporter's mark on one step of the family path. Private unless they share it."""

    step = models.CharField(max_length=40)

    audit_label = "family path step"

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["circle", "author", "step"], name="one_mark_per_step")]

    def __str__(self) -> str:
        return self.step
