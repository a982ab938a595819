"""Mutual-support meetings imported from public meeting lists (Meeting Guide feeds, BMLT servers).

Meetings are public directory data, not personal records: there is no circle or author, and
anyone may read them. Each row belongs to a ``source`` (one imported list) and carries that
source's own id, so a re-import updates rows in place and removes the ones that disappeared.

Day convention: ``day`` is 0 for Sunday through 6 for Saturday (the Meeting Guide convention;
BMLT's ``weekday_tinyint`` 1 = Sunday is shifted by one on import). ``time`` and ``end_time``
are wall-clock times in the meeting's own ``time_zone`` (an IANA name).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Fellowship(models.TextChoices):
    NA = "na", _("Narcotics Anonymous (NA)")
    NAR_ANON = "nar_anon", _("Nar-Anon (for families and friends)")
    AA = "aa", _("Alcoholics Anonymous (AA)")
    AL_ANON = "al_anon", _("Al-Anon (for families and friends)")
    SMART = "smart", _("SMART Recovery")
    SMART_FAMILY = "smart_family", _("SMART Recovery Family & Friends")
    FAMILIES_ANONYMOUS = "families_anon", _("Families Anonymous (for families and friends)")
    OTHER = "other", _("Other")


# Fellowships whose meetings are for the family and friends of someone who uses drugs or drinks.
FAMILY_FELLOWSHIPS: tuple[str, ...] = (
    Fellowship.NAR_ANON,
    Fellowship.AL_ANON,
    Fellowship.SMART_FAMILY,
    Fellowship.FAMILIES_ANONYMOUS,
)
# Meeting Guide types saying an Al-Anon or Alateen meeting runs at the same time and place: a family
# member can go to that one even when the listed meeting is AA's.
FAMILY_TYPE_CODES: tuple[str, ...] = ("AL-AN", "AL")


class Attendance(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")
    # Meeting Guide's attendance_option "inactive" (or type TC with no way to join online).
    CLOSED = "closed", _("Temporarily closed")


# Days as stored: 0 = Sunday ... 6 = Saturday.
DAY_NAMES = (
    _("Sunday"),
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
)


class MeetingQuerySet(models.QuerySet):
    def for_families(self):
        concurrent = models.Q()
        for code in FAMILY_TYPE_CODES:
            concurrent |= models.Q(type_codes__contains=f",{code},")
        return self.filter(models.Q(fellowship__in=FAMILY_FELLOWSHIPS) | concurrent)

    def can_attend(self, how: str):
        """``in_person`` and ``online`` include hybrid meetings; ``hybrid`` is exact."""
        if how == Attendance.IN_PERSON:
            return self.filter(attendance__in=(Attendance.IN_PERSON, Attendance.HYBRID))
        if how == Attendance.ONLINE:
            return self.filter(attendance__in=(Attendance.ONLINE, Attendance.HYBRID))
        if how == Attendance.HYBRID:
            return self.filter(attendance=Attendance.HYBRID)
        return self

    def with_type(self, code: str):
        return self.filter(type_codes__contains=f",{code},")


class Meeting(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source = models.CharField(_("source"), max_length=64, db_index=True)
    # Kept whole (an id cut short can collide with another): feeds' slugs can be long.
    source_id = models.CharField(_("id in the source"), max_length=1000)
    fellowship = models.CharField(_("fellowship"), max_length=16, choices=Fellowship.choices, db_index=True)
    name = models.CharField(_("name"), max_length=255)
    day = models.PositiveSmallIntegerField(_("day (0 = Sunday)"), null=True, blank=True, db_index=True)
    time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64)
    attendance = models.CharField(_("attendance"), max_length=16, choices=Attendance.choices, db_index=True)
    location = models.CharField(_("place name"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=128, blank=True)
    region = models.CharField(_("state, province or region"), max_length=64, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=16, blank=True)
    country = models.CharField(_("country"), max_length=64, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True, db_index=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, db_index=True)
    conference_url = models.URLField(_("online meeting link"), max_length=500, blank=True)
    conference_phone = models.CharField(_("phone to join"), max_length=64, blank=True)
    conference_notes = models.TextField(_("how to join online"), blank=True)
    # Meeting Guide type codes, stored as ",O,C,X," so one LIKE finds a code on any database.
    type_codes = models.CharField(_("meeting types"), max_length=255, blank=True)
    # BMLT formats with no world id we can label: the server's own names, one a line.
    format_names = models.CharField(_("other formats"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    url = models.URLField(_("listing on the source's site"), max_length=500, blank=True)
    updated = models.DateTimeField(_("updated at the source"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    # The import that last listed this row (services.apply_rows): rows of a source that the latest
    # import did not mark are the ones it no longer lists.
    seen_in = models.CharField(max_length=32, blank=True, default="", editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["day", "time", "name"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="meeting_unique_source_id")
        ]
        # Covering indexes for the distance search's bounding box (directory/geo.py): the box and the
        # usual filters are answered from the index alone, whichever of latitude or longitude is narrower.
        indexes = [
            models.Index(
                fields=["latitude", "longitude", "fellowship", "attendance", "id"], name="meeting_box_lat"
            ),
            models.Index(
                fields=["longitude", "latitude", "fellowship", "attendance", "id"], name="meeting_box_lon"
            ),
            # The next-24-hours window is a (zone, day, time) range per zone.
            models.Index(fields=["time_zone", "day", "time"], name="meeting_zone_day_time"),
            models.Index(fields=["day", "time", "name"], name="meeting_day_time_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def types(self) -> list[str]:
        return [code for code in self.type_codes.split(",") if code]

    @property
    def is_for_families(self) -> bool:
        return self.fellowship in FAMILY_FELLOWSHIPS

    @property
    def has_family_meeting_alongside(self) -> bool:
        return not self.is_for_families and any(code in FAMILY_TYPE_CODES for code in self.types)

    @property
    def is_closed(self) -> bool:
        return self.attendance == Attendance.CLOSED

    @property
    def other_formats(self) -> list[str]:
        return [name for name in self.format_names.split("\n") if name]

    @property
    def day_name(self) -> str:
        return str(DAY_NAMES[self.day]) if self.day is not None else ""

    @property
    def full_address(self) -> str:
        parts = [
            self.address,
            self.city,
            " ".join(p for p in (self.region, self.postal_code) if p),
            self.country,
        ]
        return ", ".join(p for p in parts if p)

    @property
    def can_go_in_person(self) -> bool:
        return self.attendance in (Attendance.IN_PERSON, Attendance.HYBRID)

    @property
    def can_join_online(self) -> bool:
        return self.attendance in (Attendance.ONLINE, Attendance.HYBRID)


def pack_types(codes) -> str:
    codes = [c.strip() for c in codes if c and c.strip()]
    return f",{','.join(dict.fromkeys(codes))}," if codes else ""


class MeetingFeed(models.Model):
    """A meeting list the host registered by URL (a Meeting Guide JSON feed or a BMLT
    ``GetSearchResults`` query); the worker refreshes it daily. A failed refresh changes no
    meeting: the last good copy stays, and the host sees when the feed last succeeded."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source = models.SlugField(max_length=64, unique=True)
    url = models.URLField(max_length=2000)
    time_zone = models.CharField(max_length=64, blank=True)  # blank: rows without a zone are left out
    fellowship = models.CharField(max_length=20, blank=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_summary = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["source"]

    def __str__(self) -> str:
        return self.source
