from __future__ import annotations

from datetime import timedelta

from django.utils import timezone


def add_demo(*, circle, members, stdout) -> None:
    from alongside.safety.models import NaloxoneKit, RiskEvent, TrainedMember

    today = timezone.now().date()
    NaloxoneKit.objects.create(
        circle=circle,
        author=members["organiser"],
        visibility="circle",
        location="Demo: kitchen drawer",
        count=2,
        expires_on=today + timedelta(days=40),
    )
    NaloxoneKit.objects.create(
        circle=circle,
        author=members["supporter2"],
        visibility="circle",
        location="Demo: Aisha's bag",
        count=2,
        expires_on=today + timedelta(days=700),
    )
    TrainedMember.objects.create(
        circle=circle, user=members["organiser"], trained_on=today - timedelta(days=90)
    )
    RiskEvent.objects.create(
        circle=circle,
        author=members["organiser"],
        visibility="circle",
        kind="left_treatment",
        started_on=today - timedelta(days=3),
    )
