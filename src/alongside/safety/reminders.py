"""Reminders from safety: kits expiring (60, 30 and 7 days ahead) and new risk periods."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.utils import timezone

from alongside.circles.records import readers_of
from alongside.reminders.events import Due, EventType
from alongside.reminders.services import schedule
from alongside.safety.models import NaloxoneKit

KIT_NOTICE_DAYS = (60, 30, 7)


def scan(now: datetime) -> Iterator[Due]:
    today = now.date()
    horizon = today + timedelta(days=max(KIT_NOTICE_DAYS))
    for kit in NaloxoneKit.objects.filter(expires_on__lte=horizon, expires_on__gte=today).select_related(
        "circle"
    ):
        days_left = (kit.expires_on - today).days
        due_marks = [d for d in KIT_NOTICE_DAYS if days_left <= d]
        if not due_marks:
            continue
        mark = min(due_marks)  # the nearest notice that has come due
        for user in readers_of(kit):
            yield Due(
                event_type=EventType.KIT_EXPIRING,
                user_id=user.pk,
                key=f"kit:{kit.id}:{kit.expires_on}:{mark}",
                due_at=now,
                circle_id=kit.circle_id,
                url_name="safety:kits",
                url_args=(kit.circle_id,),
                detail=kit.expires_on.isoformat(),
            )


def kit_expiry_in_words(detail: str, user) -> str:
    """The kit's expiry date in words ("it expires on 3 February 2027"), in the active language."""
    from datetime import date

    from django.utils.formats import date_format
    from django.utils.translation import gettext

    expires_on = date.fromisoformat(detail)
    return gettext("it expires on %(date)s") % {"date": date_format(expires_on, "DATE_FORMAT")}


def announce_risk(event) -> None:
    for user in readers_of(event):
        if user.pk == event.author_id:
            continue
        schedule(
            Due(
                event_type=EventType.RISK_PERIOD,
                user_id=user.pk,
                key=f"risk:{event.id}",
                due_at=timezone.now(),
                circle_id=event.circle_id,
                url_name="safety:risks",
                url_args=(event.circle_id,),
            )
        )
