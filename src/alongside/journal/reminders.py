"""What the journal asks the reminder worker to send.

- No contact: organisers and supporters of a circle where the last contact they can see is
  the circle's number of days old or more (calendar days in the circle's time zone). One
  reminder per gap: the key names the last contact's time, so a new contact ends the gap.
- Self-care: members who asked for it in their (private) plan get a weekly nudge seven days
  after their last check-in. The reminder carries no detail.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta

from django.db.models import Max, OuterRef, Subquery

from alongside.circles.access import SUPPORTING_ROLES
from alongside.circles.models import Circle, Membership
from alongside.core.zones import zone
from alongside.journal.models import CheckIn, Contact, JournalSettings, SelfCarePlan
from alongside.journal.services import days_between, last_contact_times
from alongside.reminders.events import Due, EventType

NUDGE_HOUR = 10


def scan_no_contact(now: datetime) -> Iterator[Due]:
    circle_ids = Contact.objects.values_list("circle_id", flat=True).distinct()
    thresholds = dict(JournalSettings.objects.values_list("circle_id", "no_contact_days"))
    for circle in Circle.objects.filter(id__in=circle_ids):
        threshold = thresholds.get(circle.id, 3)
        shared, own = last_contact_times(circle)
        members = Membership.objects.active().filter(circle=circle, role__in=SUPPORTING_ROLES)
        for membership in members:
            candidates = [t for t in (shared, own.get(membership.user_id)) if t is not None]
            if not candidates:
                continue
            last = max(candidates)
            if days_between(last, now, circle.time_zone) < threshold:
                continue
            tz = zone(circle.time_zone)
            due_day = last.astimezone(tz).date() + timedelta(days=threshold)
            yield Due(
                event_type=EventType.NO_CONTACT,
                user_id=membership.user_id,
                key=f"nocontact:{circle.id}:{last.isoformat()}",
                due_at=datetime.combine(due_day, time.min, tzinfo=tz),
                circle_id=circle.id,
                url_name="journal:timeline",
                url_args=(circle.id,),
            )


def scan_self_care(now: datetime) -> Iterator[Due]:
    last_check_in = (
        CheckIn.objects.filter(circle_id=OuterRef("circle_id"), author_id=OuterRef("author_id"))
        .values("author_id")
        .annotate(last=Max("checked_on"))
        .values("last")
    )
    plans = (
        SelfCarePlan.objects.filter(weekly_reminder=True, author__isnull=False)
        .annotate(last=Subquery(last_check_in))
        .select_related("author")
    )
    active = set(
        Membership.objects.active().filter(role__in=SUPPORTING_ROLES).values_list("circle_id", "user_id")
    )
    for plan in plans:
        if (plan.circle_id, plan.author_id) not in active:
            continue
        tz = zone(plan.author.time_zone)
        since = plan.last or plan.created_at.astimezone(tz).date()
        due_day = since + timedelta(days=7)
        due_at = datetime.combine(due_day, time(NUDGE_HOUR), tzinfo=tz)
        if now < due_at:
            continue
        yield Due(
            event_type=EventType.SELF_CARE,
            user_id=plan.author_id,
            key=f"selfcare:{plan.circle_id}:{plan.author_id}:{due_day.isoformat()}",
            due_at=due_at,
            circle_id=plan.circle_id,
            url_name="journal:self_care",
            url_args=(plan.circle_id,),
        )
