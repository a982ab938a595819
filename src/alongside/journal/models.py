"""The journal's records: observations and contacts (shared as the privacy model allows),
the circle's journal settings, and each supporter's private self-care space (check-ins and
a plan) that is never shared with anyone, organisers included."""

from __future__ import annotations

from datetime import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.circles.models import Circle
from alongside.circles.records import PersonalRecord, Visibility
from alongside.core.fields import (
    EncryptedBooleanField,
    EncryptedDecimalField,
    EncryptedIntegerField,
    EncryptedJSONField,
    EncryptedTextField,
)

NOTES_MAX = 5000


class Worry(models.IntegerChoices):
    NONE = 0, _("Not worried")
    LITTLE = 1, _("A little worried")
    QUITE = 2, _("Quite worried")
    VERY = 3, _("Very worried")


class Observation(PersonalRecord):
    """What a supporter noticed: signs from the checklist, anything missing, an incident, notes."""

    observed_at = models.DateTimeField(_("when"), default=timezone.now)
    signs = EncryptedJSONField(_("signs you noticed"), default=list, blank=True)
    money_missing = EncryptedDecimalField(
        _("money missing (amount)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(
                0, message=_("An amount cannot be below zero. Leave it empty if nothing is missing.")
            )
        ],
    )
    items_missing = EncryptedTextField(_("belongings missing"), max_length=300, blank=True)
    # In clear: the timeline's "Incidents" filter pages in the database (docs/ARCHITECTURE.md).
    is_incident = models.BooleanField(
        _("something serious happened (an incident)"),
        default=False,
        help_text=_("For example an argument, a fall, police or a hospital visit."),
    )
    notes = EncryptedTextField(_("notes"), max_length=NOTES_MAX, blank=True)
    worry = EncryptedIntegerField(_("how worried are you?"), choices=Worry.choices, null=True, blank=True)

    audit_label = "observation"

    class Meta:
        ordering = ["-observed_at"]
        # The privacy filter's columns and the latest change ride along, so counting what a member
        # may see over some weeks (the patterns page's "has anything changed?") reads the index only.
        indexes = [
            models.Index(
                fields=["circle", "-observed_at", "author", "visibility", "updated_at"],
                name="journal_obs_circle_at_cover",
            )
        ]

    def __str__(self) -> str:
        return f"observation {self.observed_at:%Y-%m-%d}"

    @property
    def kind(self) -> str:
        return "incident" if self.is_incident else "observation"

    @property
    def sign_labels(self) -> list[str]:
        from alongside.journal.signs import labels_for

        return labels_for(self.signs)

    @property
    def at(self) -> datetime:
        return self.observed_at


class ContactHow(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    CALL = "call", _("A call")
    MESSAGE = "message", _("A message")


class ContactMood(models.TextChoices):
    GOOD = "good", _("Seemed well")
    OKAY = "okay", _("Seemed okay")
    LOW = "low", _("Seemed low or upset")
    UNWELL = "unwell", _("Seemed unwell")
    UNSURE = "unsure", _("Hard to tell")


class Contact(PersonalRecord):
    """Someone in the circle saw or heard from the person."""

    contacted_at = models.DateTimeField(_("when"), default=timezone.now)
    how = models.CharField(_("how"), max_length=12, choices=ContactHow.choices, default=ContactHow.IN_PERSON)
    who = EncryptedTextField(
        _("who had the contact"), max_length=120, blank=True, help_text=_("Leave empty if it was you.")
    )
    mood = EncryptedTextField(_("how did they seem?"), max_length=10, choices=ContactMood.choices, blank=True)
    place = EncryptedTextField(_("where"), max_length=200, blank=True)
    notes = EncryptedTextField(_("notes"), max_length=NOTES_MAX, blank=True)

    audit_label = "contact"

    class Meta:
        ordering = ["-contacted_at"]
        indexes = [
            models.Index(
                fields=["circle", "-contacted_at", "author", "visibility", "updated_at"],
                name="journal_con_circle_at_cover",
            )
        ]

    def __str__(self) -> str:
        return f"contact {self.contacted_at:%Y-%m-%d}"

    kind = "contact"

    @property
    def at(self) -> datetime:
        return self.contacted_at


class JournalSettings(models.Model):
    """Per-circle journal settings, changed by organisers."""

    circle = models.OneToOneField(
        Circle, on_delete=models.CASCADE, related_name="journal_settings", primary_key=True
    )
    no_contact_days = models.PositiveSmallIntegerField(
        _("days without contact before a notice"),
        default=3,
        validators=[
            MinValueValidator(1, message=_("Choose at least one day.")),
            MaxValueValidator(60, message=_("Choose 60 days or fewer.")),
        ],
    )

    def __str__(self) -> str:
        return f"journal settings for {self.circle_id}"


DEFAULT_NO_CONTACT_DAYS = 3


def no_contact_days_for(circle) -> int:
    settings = JournalSettings.objects.filter(circle=circle).first()
    return settings.no_contact_days if settings else DEFAULT_NO_CONTACT_DAYS


# --- Looking after yourself: strictly private to the author --------------------------------------


class PrivateRecord(PersonalRecord):
    """A record only its author ever reads. The visibility is forced to *only me* on save."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.visibility = Visibility.ONLY_ME
        super().save(*args, **kwargs)


class Sleep(models.TextChoices):
    WELL = "well", _("I slept well")
    OKAY = "okay", _("I slept okay")
    BADLY = "badly", _("I slept badly")


class Mood(models.TextChoices):
    GOOD = "good", _("Good")
    MIXED = "mixed", _("Mixed")
    LOW = "low", _("Low")
    VERY_LOW = "very_low", _("Very low")


class CheckIn(PrivateRecord):
    """A supporter's weekly check-in on themselves."""

    checked_on = models.DateField(_("day"))
    stress = EncryptedIntegerField(
        _("stress, from 0 (none) to 10 (the most)"),
        validators=[
            MinValueValidator(0, message=_("Choose a number from 0 to 10.")),
            MaxValueValidator(10, message=_("Choose a number from 0 to 10.")),
        ],
    )
    sleep = EncryptedTextField(_("sleep"), max_length=8, choices=Sleep.choices)
    mood = EncryptedTextField(_("mood"), max_length=10, choices=Mood.choices)
    had_support = EncryptedBooleanField(_("I had support this week"), default=False)
    note = EncryptedTextField(_("a note for yourself"), max_length=2000, blank=True)

    audit_label = "self-care check-in"

    class Meta:
        ordering = ["-checked_on", "-created_at"]
        indexes = [models.Index(fields=["circle", "author", "-checked_on"])]

    def __str__(self) -> str:
        return f"check-in {self.checked_on}"


class SelfCarePlan(PrivateRecord):
    """Things that help me, people I can call, my limits; and whether to nudge me weekly."""

    helps = EncryptedTextField(_("things that help me"), max_length=2000, blank=True)
    people = EncryptedTextField(_("people I can call"), max_length=2000, blank=True)
    limits = EncryptedTextField(_("my limits"), max_length=2000, blank=True)
    weekly_reminder = models.BooleanField(_("remind me each week to check in"), default=False)

    audit_label = "self-care plan"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["circle", "author"], name="one_self_care_plan_per_member")
        ]

    def __str__(self) -> str:
        return "self-care plan"
