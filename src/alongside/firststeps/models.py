from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.circles.records import PersonalRecord
from alongside.core.fields import EncryptedCharField


class SituationChoice(PersonalRecord):
    """Where the circle is right now, as a member saved it. The newest one a member may see counts."""

    situation = EncryptedCharField(_("situation"), max_length=40)

    audit_label = "situation"

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.situation


class StepDone(PersonalRecord):
    """One supporter's mark on one step of the family path. Private unless they share it."""

    step = EncryptedCharField(max_length=40)

    audit_label = "family path step"

    class Meta:
        # The step is encrypted at rest, so "one mark per step" is kept by ``toggle_step``.
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.step
