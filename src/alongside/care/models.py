from __future__ import annotations

import secrets
import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.circles.records import PersonalRecord
from alongside.core.fields import (
    EncryptedBooleanField,
    EncryptedCharField,
    EncryptedDateField,
    EncryptedIntegerField,
    EncryptedTextField,
)


class AppointmentKind(models.TextChoices):
    ASSESSMENT = "assessment", _("Assessment")
    DOCTOR = "doctor", _("Doctor or prescriber")
    COUNSELLING = "counselling", _("Counselling")
    GROUP = "group", _("Group or meeting")
    DOSING = "dosing", _("Daily dosing at a clinic")
    COURT = "court", _("Court or probation")
    OTHER = "other", _("Other")


class Repeat(models.TextChoices):
    NONE = "none", _("Does not repeat")
    DAILY = "daily", _("Every day")
    WEEKDAYS = "weekdays", _("Monday to Friday")
    WEEKLY = "weekly", _("Every week")


class Appointment(PersonalRecord):
    kind = EncryptedTextField(_("kind"), max_length=20, choices=AppointmentKind.choices)
    title = EncryptedTextField(_("what or with whom"), max_length=120)
    place = EncryptedTextField(_("place"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveIntegerField(
        _("how long (minutes)"), default=60, validators=[MinValueValidator(5), MaxValueValidator(24 * 60)]
    )
    repeat = models.CharField(_("repeats"), max_length=10, choices=Repeat.choices, default=Repeat.NONE)
    repeat_until = models.DateField(_("repeats until"), null=True, blank=True)
    needs_ride = models.BooleanField(_("a ride is needed"), default=False)
    remind_day_before = models.BooleanField(_("remind a day before"), default=True)
    remind_hour_before = models.BooleanField(_("remind an hour before"), default=True)
    notes = EncryptedTextField(_("notes"), max_length=2000, blank=True)

    audit_label = "appointment"

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["circle", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)


class RideOffer(models.Model):
    """A member offers to drive for one occurrence of an appointment. One driver per occurrence."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="rides")
    occurrence_start = models.DateTimeField()
    driver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "occurrence_start"], name="one_driver_per_occurrence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.driver} drives on {self.occurrence_start:%Y-%m-%d %H:%M}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A member's private calendar address. Resetting it makes the old address answer 404."""

    membership = models.OneToOneField(
        "circles.Membership", on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)
    # Off by default: a phone's calendar is seen by others, so the feed names neither the app
    # nor the kind of visit until the member asks for it.
    show_details = models.BooleanField(
        _("show the kind of visit and the circle's name in my calendar"),
        default=False,
        help_text=_(
            "Off: events show only what you typed as the title, and the calendar is called 'Appointments'."
        ),
    )

    def __str__(self) -> str:
        return f"Calendar feed of {self.membership}"


class MedicationKind(models.TextChoices):
    METHADONE = "methadone", _("Methadone")
    BUPRENORPHINE = "buprenorphine", _("Buprenorphine")
    NALTREXONE = "naltrexone", _("Naltrexone")
    OTHER = "other", _("Other")


class Medication(PersonalRecord):
    """A medication for opioid use disorder. The person decides who sees it."""

    kind = EncryptedTextField(_("medication"), max_length=20, choices=MedicationKind.choices)
    prescriber = EncryptedTextField(_("prescriber"), max_length=120, blank=True)
    clinic = EncryptedTextField(_("clinic or pharmacy"), max_length=200, blank=True)
    schedule = EncryptedTextField(
        _("when it is taken or collected"),
        max_length=300,
        blank=True,
        help_text=_("In the prescriber's words, e.g. 'daily at the clinic, take-homes on Sundays'."),
    )
    next_pickup = models.DateField(_("next pick-up"), null=True, blank=True)
    take_home_until = models.DateField(_("take-home doses until"), null=True, blank=True)
    agreed_by_person = models.BooleanField(_("the person agreed to this being recorded"), default=False)
    # The person is reminded of pick-ups and of the last take-home day; these members too, while
    # they may see the record (the person chooses them).
    remind_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("also remind"),
        help_text=_("They get the pick-up and take-home reminders too, while they can see this medication."),
    )

    audit_label = "medication"

    class Meta:
        ordering = ["created_at"]  # the kind is encrypted at rest

    def __str__(self) -> str:
        return self.get_kind_display()


class AdherenceEntry(models.Model):
    class Taken(models.TextChoices):
        YES = "yes", _("Taken")
        PARTLY = "partly", _("Partly")
        NO = "no", _("Not taken")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    medication = models.ForeignKey(Medication, on_delete=models.CASCADE, related_name="adherence")
    day = models.DateField(_("day"))
    taken = EncryptedTextField(_("taken?"), max_length=10, choices=Taken.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["medication", "day"], name="one_adherence_entry_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.taken}"


class GoalKind(models.TextChoices):
    ABSTINENCE = "abstinence", _("Not using")
    REDUCED = "reduced", _("Using less")


class RecoveryStart(PersonalRecord):
    """The start date the person chose, toward their own goal; setbacks and goals met hang off it."""

    start_date = EncryptedDateField(_("start date"))
    goal = EncryptedTextField(_("goal"), max_length=12, choices=GoalKind.choices, default=GoalKind.ABSTINENCE)

    audit_label = "milestones"

    def __str__(self) -> str:
        return f"Since {self.start_date}"


class DayMark(models.Model):
    """A setback day (ends a streak, keeps the history) or, for a reduced-use goal, a goal met."""

    class Kind(models.TextChoices):
        SETBACK = "setback", _("A setback")
        GOAL_MET = "goal_met", _("Goal met")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    start = models.ForeignKey(RecoveryStart, on_delete=models.CASCADE, related_name="marks")
    # Encrypted at rest: a stolen database must not show the days of a setback. Sorting and
    # "one mark a day" are done in Python (see ``RecoveryStart.sorted_marks`` and ``mark_day``).
    day = EncryptedDateField(_("day"))
    kind = EncryptedTextField(max_length=10, choices=Kind.choices)
    # Who noted it and when: the page shows both, and the person can take it back.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.day}: {self.kind}"


class RewardPlan(PersonalRecord):
    target = EncryptedTextField(
        _("what earns a reward"),
        max_length=200,
        help_text=_("Something that can be checked, e.g. 'a negative test at the clinic' or 'attended IOP'."),
    )
    start_value = models.DecimalField(
        _("first reward"), max_digits=8, decimal_places=2, default=Decimal("2.50")
    )
    step = models.DecimalField(
        _("added for each success in a row"), max_digits=8, decimal_places=2, default=Decimal("1.25")
    )
    max_value = models.DecimalField(
        _("highest reward"), max_digits=8, decimal_places=2, default=Decimal("20")
    )
    bonus_every = models.PositiveSmallIntegerField(_("bonus every N successes in a row"), default=3)
    bonus = models.DecimalField(_("bonus"), max_digits=8, decimal_places=2, default=Decimal("10"))
    recover_after = models.PositiveSmallIntegerField(
        _("successes in a row that restore the earlier level after a miss"), default=5
    )
    budget = models.DecimalField(_("budget cap"), max_digits=10, decimal_places=2, default=Decimal("300"))
    unit = EncryptedCharField(
        _("counted in"), max_length=20, default="points", help_text=_("e.g. points, $ or €")
    )

    audit_label = "rewards plan"

    def __str__(self) -> str:
        return self.target


class RewardOutcome(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(RewardPlan, on_delete=models.CASCADE, related_name="outcomes")
    day = models.DateField(_("day"))
    success = EncryptedBooleanField(_("target met"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["day", "id"]

    def __str__(self) -> str:
        return f"{self.day}: {'met' if self.success else 'missed'}"


class RewardGiven(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(RewardPlan, on_delete=models.CASCADE, related_name="given")
    day = models.DateField(_("day"))
    amount = models.DecimalField(
        _("value"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    what = EncryptedTextField(_("what was given"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.amount}"


class HabitCheckIn(PersonalRecord):
    """One day of healthy habits: sleep, meals, exercise, a meeting, time with people who don't use."""

    day = models.DateField(_("day"))
    slept_well = EncryptedBooleanField(_("slept well"), default=False)
    meals = EncryptedIntegerField(
        _("meals eaten"), default=0, validators=[MinValueValidator(0), MaxValueValidator(6)]
    )
    exercise = EncryptedBooleanField(_("moved or exercised"), default=False)
    meeting = EncryptedBooleanField(_("went to a meeting or group"), default=False)
    supportive_company = EncryptedBooleanField(_("time with friends who don't use"), default=False)
    note = EncryptedTextField(_("note"), max_length=1000, blank=True)

    audit_label = "habits"

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return str(self.day)


class RoutineItem(PersonalRecord):
    """One line of a simple daily routine for coming home after treatment."""

    at = models.TimeField(_("time"))
    what = EncryptedTextField(_("what"), max_length=200)
    remind = models.BooleanField(
        _("remind me at this time"), default=False, help_text=_("A reminder each day, on the circle's clock.")
    )

    audit_label = "routine"

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return self.what
