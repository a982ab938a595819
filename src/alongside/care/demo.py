from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone


def add_demo(*, circle, members, stdout) -> None:
    from alongside.care.models import Appointment, Medication, RecoveryStart, RewardPlan, RoutineItem

    tz = ZoneInfo(circle.time_zone)
    tomorrow = (timezone.now().astimezone(tz) + timedelta(days=1)).date()
    Appointment.objects.create(
        circle=circle,
        author=members["organiser"],
        visibility="circle",
        kind="dosing",
        title="Demo: clinic dosing",
        place="Demo clinic, 12 Example Street",
        starts_at=datetime.combine(tomorrow, time(7, 30), tzinfo=tz),
        repeat="weekdays",
        needs_ride=True,
    )
    Appointment.objects.create(
        circle=circle,
        author=members["supporter"],
        visibility="circle",
        kind="group",
        title="Demo: family group",
        starts_at=datetime.combine(tomorrow + timedelta(days=2), time(18, 0), tzinfo=tz),
        repeat="weekly",
    )
    Medication.objects.create(
        circle=circle,
        author=members["person"],
        visibility="circle",
        kind="buprenorphine",
        schedule="Demo: as the prescriber says; pick-up on Mondays",
        agreed_by_person=True,
    )
    RecoveryStart.objects.create(
        circle=circle, author=members["person"], visibility="circle", start_date=tomorrow - timedelta(days=40)
    )
    RewardPlan.objects.create(
        circle=circle, author=members["organiser"], visibility="circle", target="Demo: attended IOP"
    )
    RoutineItem.objects.create(
        circle=circle,
        author=members["person"],
        visibility="circle",
        at=time(8, 0),
        what="Demo: breakfast and a short walk",
    )
