"""Finding meetings: filters, distance and the next 24 hours, and how a meeting is presented to
a viewer (its own day and time, and the same moment in the viewer's zone)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone

from alongside.directory.geo import KM_PER_MILE, nearby
from alongside.meetings import type_labels
from alongside.meetings.models import Attendance, Meeting
from alongside.meetings.schedule import next_occurrence, starts_within, wall_clock, window_q


@dataclass
class Criteria:
    fellowship: str = ""
    families: bool = False
    attendance: str = ""
    day: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    miles: float = 25

    @property
    def has_place(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def uses_place(self) -> bool:
        # Online meetings can be joined from anywhere: distance does not limit them.
        return self.has_place and self.attendance != Attendance.ONLINE


@dataclass
class Listing:
    meeting: Meeting
    distance_miles: float | None = None
    start: datetime | None = None  # the next start, aware
    local_start: datetime | None = None  # naive, in the meeting's zone
    viewer_start: datetime | None = None  # naive, in the viewer's zone; None when the same
    viewer_zone: str = ""
    type_labels: list[tuple[str, str]] = field(default_factory=list)

    @property
    def distance_km(self) -> float | None:
        return None if self.distance_miles is None else self.distance_miles * KM_PER_MILE


def filtered(criteria: Criteria):
    qs = Meeting.objects.all()
    if criteria.families:
        qs = qs.for_families()
    if criteria.fellowship:
        qs = qs.filter(fellowship=criteria.fellowship)
    if criteria.attendance:
        qs = qs.can_attend(criteria.attendance)
    if criteria.day is not None:
        qs = qs.filter(day=criteria.day)
    return qs


# Light rows for distance (and time) checks, unordered: whole model instances are built only for
# what a page shows. The id comes as text (``key``): converting thousands of UUIDs per search
# costs more than the search itself in a dense city.
TIME_FIELDS = ("day", "time", "time_zone", "name")


def light_rows(qs, *extra: str):
    return (
        qs.order_by()
        .annotate(key=Cast("id", CharField(max_length=36)))
        .values_list("key", "latitude", "longitude", *extra, named=True)
    )


def _uuid(key: str) -> uuid.UUID:
    return uuid.UUID(key)


def search(criteria: Criteria):
    """Matching meetings. With a place: a list of (light row, miles) within the radius, nearest
    first (rows carry the id as text in ``key``; ``load`` turns a page of them into meetings). Without: a queryset
    by day and time."""
    qs = filtered(criteria)
    if criteria.uses_place:
        return nearby(light_rows(qs), criteria.latitude, criteria.longitude, criteria.miles)
    return qs.order_by("day", "time", "name")


def load(items) -> list[tuple[Meeting, float | None]]:
    """A page of search results as (meeting, miles) pairs."""
    items = list(items)
    if not items or isinstance(items[0], Meeting):
        return [(m, None) for m in items]
    meetings = Meeting.objects.in_bulk([_uuid(row.key) for row, _miles in items])
    return [(meetings[_uuid(row.key)], miles) for row, miles in items if _uuid(row.key) in meetings]


def next_day(
    criteria: Criteria, now: datetime | None = None, hours: float = 24, limit: int = 50
) -> list[Listing]:
    """Meetings starting within the next ``hours``: nearest first when a place is given (then
    soonest), otherwise soonest first."""
    now = now or timezone.now()
    qs = filtered(criteria).filter(time__isnull=False, day__isnull=False)
    # A temporarily closed room is not a meeting to go to; its online part still is.
    qs = qs.exclude(type_codes__contains=",TC,", attendance=Attendance.IN_PERSON)
    zones = list(Meeting.objects.order_by().values_list("time_zone", flat=True).distinct())
    if criteria.uses_place:
        rows = light_rows(qs.filter(window_q(now, hours, zones)), *TIME_FIELDS)
        found = _starting(nearby(rows, criteria.latitude, criteria.longitude, criteria.miles), now, hours)
        found.sort(key=lambda item: (item[1], item[2]))
    else:
        # Soonest first: when a shorter window already holds ``limit`` meetings, they are the soonest.
        for window in (2, 6, hours):
            window = min(window, hours)
            rows = light_rows(qs.filter(window_q(now, window, zones)), *TIME_FIELDS)
            found = _starting(((row, None) for row in rows), now, window)
            if len(found) >= limit or window >= hours:
                break
        found.sort(key=lambda item: (item[2], item[0].name))
    found = found[:limit]
    meetings = Meeting.objects.in_bulk([_uuid(row.key) for row, _m, _s in found])
    return [
        Listing(meetings[_uuid(row.key)], miles, start)
        for row, miles, start in found
        if _uuid(row.key) in meetings
    ]


def _starting(pairs, now: datetime, hours: float) -> list[tuple]:
    found = []
    for row, miles in pairs:
        start = starts_within(row, now, hours)
        if start is not None:
            found.append((row, miles, start))
    return found


def present(listing: Listing, viewer_zone: str, now: datetime | None = None) -> Listing:
    """Fill in the times and labels a page shows."""
    meeting = listing.meeting
    if meeting.day is not None and meeting.time is not None:
        start = listing.start or next_occurrence(meeting.day, meeting.time, meeting.time_zone, now)
        listing.start = start
        listing.local_start = wall_clock(start, meeting.time_zone)
        if viewer_zone:
            seen = wall_clock(start, viewer_zone)
            listing.viewer_zone = viewer_zone
            if seen != listing.local_start:
                listing.viewer_start = seen
    listing.type_labels = type_labels.labels(meeting.types)
    return listing


def ends_at(listing: Listing) -> datetime | None:
    if listing.local_start is None or listing.meeting.end_time is None:
        return None
    end = listing.local_start.replace(
        hour=listing.meeting.end_time.hour, minute=listing.meeting.end_time.minute
    )
    return end if end > listing.local_start else end + timedelta(days=1)
