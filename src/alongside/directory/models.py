from __future__ import annotations

import uuid

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from alongside.circles.records import PersonalRecord
from alongside.core.fields import EncryptedCharField, EncryptedTextField
from alongside.directory import features as feats


class FacilitySource(models.Model):
    """Where a set of facilities comes from: one import replaces that source's rows."""

    key = models.SlugField(max_length=80, unique=True)
    label = models.CharField(max_length=200)
    url = models.URLField(blank=True)
    is_sample = models.BooleanField(default=False, help_text="Made-up demo rows, marked as sample data.")
    imported_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.label


class FacilityQuerySet(models.QuerySet):
    def with_features(self, group_masks: list[tuple[int, bool]]):
        """Rows having, for each (mask, all_of) pair, any (or all) of the mask's bits."""
        qs = self
        for i, (mask, all_of) in enumerate(group_masks):
            name = f"_fmask{i}"
            qs = qs.alias(**{name: F("features").bitand(mask)})
            qs = qs.filter(**{name: mask}) if all_of else qs.exclude(**{name: 0})
        return qs

    def speaking(self, code: str):
        return self.filter(languages__contains=f",{code},")


class Facility(models.Model):
    """A treatment facility from a public directory (not personal data)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source = models.ForeignKey(FacilitySource, on_delete=models.CASCADE, related_name="facilities")
    source_ref = models.CharField(max_length=200)  # the source's own stable id (the locator's frid)
    name = models.CharField(max_length=300)
    name2 = models.CharField(max_length=300, blank=True)
    street = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=120, blank=True)
    region = models.CharField(max_length=60, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, default="US")
    phone = models.CharField(max_length=60, blank=True)
    intake_phone = models.CharField(max_length=60, blank=True)
    website = models.CharField(max_length=500, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    features = models.BigIntegerField(default=0)  # bits of features.FEATURES
    languages = models.CharField(max_length=200, blank=True)  # ",es,asl,"
    services = models.JSONField(default=list, blank=True)  # the source's own (category, value) pairs
    updated_at = models.DateTimeField(auto_now=True)  # when the source last changed this row
    # The import that last listed this row (importers.apply_import): rows of a source that the
    # latest complete import did not mark are the ones it no longer lists.
    seen_in = models.CharField(max_length=32, blank=True, default="", editable=False)

    objects = FacilityQuerySet.as_manager()

    # The fields an import compares to decide "updated" or "unchanged".
    DATA_FIELDS = (
        "name",
        "name2",
        "street",
        "city",
        "region",
        "postal_code",
        "country",
        "phone",
        "intake_phone",
        "website",
        "latitude",
        "longitude",
        "features",
        "languages",
        "services",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_ref"], name="facility_unique_source_ref")
        ]
        # The distance box reads latitude and longitude; with the feature bits and the id in the
        # same index the filters are answered without touching the table (see the benchmark).
        indexes = [models.Index(fields=["latitude", "longitude", "features", "id"], name="facility_lat_lon")]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        place = " ".join(p for p in (self.region, self.postal_code) if p)
        return ", ".join(p for p in (self.street, self.city, place) if p)

    def offers(self) -> list[tuple[object, list[object]]]:
        """(group label, [feature labels]) for every group with something in it."""
        out = []
        for group, label in feats.GROUPS.items():
            items = [f.label for f in feats.by_group(group) if self.features & f.bit]
            if items:
                out.append((label, items))
        return out

    def has(self, key: str) -> bool:
        return bool(self.features & feats.FEATURES[key].bit)

    def language_labels(self) -> list[object]:
        return [feats.LANGUAGES[c] for c in feats.decode_languages(self.languages) if c in feats.LANGUAGES]

    @staticmethod
    def _tel(number: str) -> str:
        """A number for a tel: link: digits and a leading +, extensions ("x110") dropped."""
        return "".join(ch for ch in number.lower().split("x")[0] if ch.isdigit() or ch == "+")

    @property
    def tel(self) -> str:
        return self._tel(self.phone or self.intake_phone)

    @property
    def intake_tel(self) -> str:
        return self._tel(self.intake_phone)

    @property
    def website_url(self) -> str:
        if not self.website:
            return ""
        return self.website if "://" in self.website else f"https://{self.website}"


class ShortlistKind(models.TextChoices):
    FACILITY = "facility", _("Treatment facility")
    MEETING = "meeting", _("Meeting")


class ShortlistItem(PersonalRecord):
    """A facility or meeting the circle is considering. It keeps a copy of the name, phone,
    address and link so it reads the same when the directory changes (or the meetings app
    is not installed)."""

    kind = models.CharField(max_length=20, choices=ShortlistKind.choices)
    ref = EncryptedCharField(max_length=200)  # which listing: encrypted, it can name a clinic
    name = EncryptedCharField(_("name"), max_length=300)
    phone = EncryptedCharField(_("phone"), max_length=60, blank=True)
    address = EncryptedCharField(_("address"), max_length=400, blank=True)
    url = EncryptedCharField(_("website"), max_length=500, blank=True)
    notes = EncryptedTextField(_("notes"), max_length=2000, blank=True)

    audit_label = "shortlist item"

    @property
    def tel(self) -> str:
        return Facility._tel(self.phone)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["circle", "-created_at"])]

    def __str__(self) -> str:
        return self.name


class CallOutcome(models.TextChoices):
    SPOKE = "spoke", _("Spoke to someone")
    MESSAGE = "message", _("Left a message")
    NO_ANSWER = "no_answer", _("No answer")
    CALL_BACK = "call_back", _("They will call back")


class CallLog(PersonalRecord):
    """One call about a shortlist item: who called (the author), when, and what they learned."""

    item = models.ForeignKey(ShortlistItem, on_delete=models.CASCADE, related_name="calls")
    called_at = models.DateTimeField(_("when"))
    outcome = models.CharField(_("what happened"), max_length=20, choices=CallOutcome.choices)
    waiting_list = EncryptedTextField(_("waiting list"), max_length=500, blank=True)
    cost = EncryptedTextField(_("cost"), max_length=500, blank=True)
    intake_steps = EncryptedTextField(_("intake steps"), max_length=1000, blank=True)
    notes = EncryptedTextField(_("anything else"), max_length=2000, blank=True)

    audit_label = "call log"

    class Meta:
        ordering = ["-called_at"]
