"""The practice reminder: at the moment a member chose, to that member only, while the practice
is still open and they are still in the circle. The detail is neutral (the skill's slug and the
day chosen); it is put into words at sending, in the recipient's language. Scheduling is
idempotent: the key names the practice and the moment, so a reminder goes out once, and a new
moment set later is a new reminder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from alongside.circles.models import Membership
from alongside.programme.models import Practice
from alongside.reminders.events import Due, EventType

# A reminder the worker could not send within a day (the worker was down) is not sent late.
WINDOW = timedelta(days=1)
SUPPORTING = ("organiser", "supporter")


def scan_practices(now: datetime) -> Iterator[Due]:
    practices = Practice.objects.filter(
        remind_at__lte=now, remind_at__gt=now - WINDOW, done_at__isnull=True, author__isnull=False
    )
    active = set(
        Membership.objects.active()
        .filter(role__in=SUPPORTING, circle_id__in=practices.values("circle_id"))
        .values_list("circle_id", "user_id")
    )
    for practice in practices:
        if (practice.circle_id, practice.author_id) not in active:
            continue
        yield Due(
            event_type=EventType.PRACTICE,
            user_id=practice.author_id,
            key=f"practice:{practice.id}:{practice.remind_at.isoformat()}",
            due_at=practice.remind_at,
            circle_id=practice.circle_id,
            url_name="programme:skill",
            url_args=(practice.circle_id, practice.skill),
            # Never the member's own words: they stay encrypted. A public slug and a day.
            detail=f"{practice.skill}|{practice.due_on.isoformat()}",
        )


def practice_in_words(detail: str, user) -> str:
    """ "Talk in a positive way, by Friday 11 December": the skill's title in the active
    language (the recipient's) and the day chosen."""
    from django.utils.dateformat import format as date_format
    from django.utils.translation import gettext as _

    from alongside.programme import content

    slug, _sep, day = detail.partition("|")
    skill = content.current().skill(slug)
    if skill is None:
        raise LookupError(slug)
    if not day:
        return skill.title
    return _("%(skill)s, by %(day)s") % {
        "skill": skill.title,
        "day": date_format(date.fromisoformat(day), "l j F"),
    }
