from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.circles.records import PersonalRecord
from alongside.core.fields import EncryptedTextField

EXPIRY_WARNING_DAYS = 60


class KitKind(models.TextChoices):
    NASAL_4MG = "nasal_4mg", _("Nasal spray, 4 mg")
    NASAL_OTHER = "nasal_other", _("Nasal spray, another strength")
    INJECTABLE = "injectable", _("Injectable")
    OTHER = "other", _("Other")


class NaloxoneKit(PersonalRecord):
    kind = models.CharField(_("type"), max_length=20, choices=KitKind.choices, default=KitKind.NASAL_4MG)
    count = models.PositiveSmallIntegerField(
        _("how many doses"), default=2, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    location = EncryptedTextField(
        _("where it is kept"), max_length=200, help_text=_("e.g. kitchen drawer, Aisha's bag")
    )
    expires_on = models.DateField(_("expiry date"))
    notes = EncryptedTextField(_("notes"), max_length=500, blank=True)

    audit_label = "naloxone kit"

    class Meta:
        ordering = ["expires_on"]

    def __str__(self) -> str:
        return self.location

    def days_left(self, today: date) -> int:
        return (self.expires_on - today).days

    def expiring(self, today: date) -> bool:
        return self.expires_on <= today + timedelta(days=EXPIRY_WARNING_DAYS)


class TrainedMember(models.Model):
    """A member who knows how to use naloxone (and when they learned)."""

    circle = models.ForeignKey("circles.Circle", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    trained_on = models.DateField(_("trained on"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["circle", "user"], name="trained_once_per_circle")]

    def __str__(self) -> str:
        return f"{self.user} trained {self.trained_on}"


class RiskKind(models.TextChoices):
    LEFT_DETOX = "left_detox", _("Left detox")
    LEFT_TREATMENT = "left_treatment", _("Left a treatment programme")
    LEFT_HOSPITAL = "left_hospital", _("Left hospital")
    LEFT_JAIL = "left_jail", _("Released from jail or prison")
    RELAPSE_AFTER_BREAK = "relapse_after_break", _("Used again after a time without use")
    MIXING = "mixing", _("Mixing with alcohol, benzodiazepines or other sedating drugs")
    USING_ALONE = "using_alone", _("Using alone")
    STOPPED_MEDICATION = (
        "stopped_medication",
        _("Stopped medication (methadone, buprenorphine or naltrexone)"),
    )


class RiskEvent(PersonalRecord):
    kind = EncryptedTextField(_("what happened"), max_length=24, choices=RiskKind.choices)
    started_on = models.DateField(_("when"))
    notes = EncryptedTextField(_("notes"), max_length=500, blank=True)

    audit_label = "risk period"

    class Meta:
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return self.get_kind_display()


class EmergencyWishes(PersonalRecord):
    """The person's own wishes in an emergency: their words, their visibility."""

    wishes = EncryptedTextField(
        _("my wishes in an emergency"),
        max_length=2000,
        help_text=_(
            "e.g. who to call first, a hospital I prefer, what helps me calm down, what I do not want."
        ),
    )

    audit_label = "emergency wishes"

    def __str__(self) -> str:
        return "Emergency wishes"


class SafetyPlan(models.Model):
    circle = models.OneToOneField("circles.Circle", on_delete=models.CASCADE, related_name="+")
    who_to_call = EncryptedTextField(
        _("who to call, in order"),
        max_length=1000,
        blank=True,
        help_text=_("Names and numbers, one per line."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return "Safety plan"


class SafeHomeTick(models.Model):
    circle = models.ForeignKey("circles.Circle", on_delete=models.CASCADE, related_name="+")
    item = models.CharField(max_length=40)
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ticked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["circle", "item"], name="one_tick_per_item")]

    def __str__(self) -> str:
        return self.item


SAFE_HOME_ITEMS = [
    ("medicines_locked", _("Medicines, especially opioids and sedatives, are locked away.")),
    ("no_drugs_left", _("No drugs or equipment for using are left lying around.")),
    ("naloxone_known", _("Naloxone is kept where everyone in the home knows.")),
    ("emergency_number", _("Everyone knows the emergency number and the address to give.")),
    ("sober_spaces", _("There are smoke-free and alcohol-free spaces at home.")),
    ("trained", _("At least two people here know how to give naloxone.")),
]
