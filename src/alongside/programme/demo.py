"""The demo circle's programme: the supporter's private worksheet for skill 1, one shared with the
supporters, and an open practice for this week (so the circle home shows "Your next practice")."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone


def add_demo(*, circle, members, stdout) -> None:
    from alongside.core.zones import local_today
    from alongside.programme.models import Practice, Worksheet

    supporter = members["supporter"]
    Worksheet.objects.create(
        circle=circle,
        author=supporter,
        visibility="only_me",
        skill="understanding-use",
        answers={
            "when_1": "Demo: Friday evenings",
            "where_1": "Out with old friends",
            "before_1": "Pay day",
            "after_1": "Sleeps most of Saturday",
        },
        notes="This is demo data. Only David can read this worksheet.",
    )
    Worksheet.objects.create(
        circle=circle,
        author=supporter,
        visibility="supporters",
        skill="positive-communication",
        answers={
            "said_1": "Demo: You never tell me anything",
            "rewrite_1": "I feel worried when I do not know where you are",
            "help_line": "What would help you most right now?",
        },
    )
    Practice.objects.create(
        circle=circle,
        author=supporter,
        visibility="only_me",
        skill="positive-communication",
        what="Demo: use my new sentence once this week",
        due_on=local_today(supporter.time_zone, timezone.now()) + timedelta(days=4),
    )
