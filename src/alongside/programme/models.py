"""The programme's records: one worksheet per member per skill, and the practices ("try this
week") a member plans, each with an optional reminder and, later, how it went.

Both are personal records (``circles.records``): only me by default, shareable like any record.
In clear, because queries use them: which skill (a public slug, one worksheet per member and
skill), the practice's reminder moment (the reminder scanner selects by it) and when it was
marked done (open practices are those without). Everything the member writes, the date they
chose and how it went are encrypted at rest.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.circles.records import PersonalRecord, Visibility
from alongside.core.fields import EncryptedDateField, EncryptedJSONField, EncryptedTextField


class Worksheet(PersonalRecord):
    """A member's worksheet for one skill. ``answers`` holds the skill form's fields."""

    visibility = models.CharField(
        _("who can see this"), max_length=20, choices=Visibility.choices, default=Visibility.ONLY_ME
    )
    skill = models.CharField(_("skill"), max_length=40)
    answers = EncryptedJSONField(_("answers"), default=dict, blank=True)
    notes = EncryptedTextField(_("anything else to remember"), max_length=2000, blank=True)

    audit_label = "worksheet"

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["circle", "author", "skill"], name="one_worksheet_per_skill")
        ]

    def __str__(self) -> str:
        return f"worksheet {self.skill}"


class Outcome(models.TextChoices):
    WENT_WELL = "went_well", _("It went well")
    MIXED = "mixed", _("It was mixed")
    DID_NOT_HAPPEN = "did_not_happen", _("It did not happen")


class Practice(PersonalRecord):
    """What I will try this week for a skill, by when, an optional reminder, and how it went."""

    visibility = models.CharField(
        _("who can see this"), max_length=20, choices=Visibility.choices, default=Visibility.ONLY_ME
    )
    skill = models.CharField(_("skill"), max_length=40)
    what = EncryptedTextField(_("what I will try"), max_length=1000)
    due_on = EncryptedDateField(_("by when"))
    remind_at = models.DateTimeField(_("reminder"), null=True, blank=True)
    outcome = EncryptedTextField(_("how did it go?"), choices=Outcome.choices, blank=True)
    outcome_notes = EncryptedTextField(_("notes"), max_length=2000, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    audit_label = "practice"

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["circle", "author", "done_at"])]

    def __str__(self) -> str:
        return f"practice {self.skill}"

    @property
    def is_open(self) -> bool:
        return self.done_at is None

    def is_past_due(self, today) -> bool:
        return self.is_open and self.due_on < today
