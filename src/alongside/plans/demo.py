"""Demo rows for the laptop demo circle: a boundary with a test, a conversation plan,
the person's relapse-prevention plan (shared with the circle) and their goal."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone


def add_demo(*, circle, members, stdout) -> None:
    from alongside.circles.models import Membership
    from alongside.plans import services
    from alongside.plans.models import Boundary, BoundaryTest, ConversationPlan

    today = timezone.localdate()
    boundary = Boundary.objects.create(
        circle=circle,
        author=members["organiser"],
        visibility="circle",
        status="agreed",
        what="Demo: no cash, but I will pay for a bus pass",
        why="Cash has gone on drugs before; a bus pass gets Sam to the clinic.",
        consequence="I say no calmly and offer to buy the pass myself.",
        held_by="Maria and David",
    )
    BoundaryTest.objects.create(
        boundary=boundary,
        happened_on=today - timedelta(days=5),
        what_happened="Demo: asked for cash on Friday.",
        followed_through="yes",
        recorded_by=members["organiser"],
    )
    ConversationPlan.objects.create(
        circle=circle,
        author=members["supporter"],
        visibility="supporters",
        goal="Demo: that Sam hears I am worried and knows I will help",
        moment="Sunday morning over breakfast, when we are both calm",
        opening="I love you and I miss our walks.",
        i_statements="I feel scared when I cannot reach you at night.",
        ask_help="What would help you right now?",
        if_no="Thank Sam for listening; try again another day.",
        self_care="Call my sister afterwards.",
    )
    person_membership = Membership.objects.get(circle=circle, user=members["person"])
    services.save_relapse_plan(
        members["person"],
        person_membership,
        None,
        visibility="circle",
        made_with_person=True,
        sections={
            "triggers_places": "Demo: the bus station",
            "triggers_feelings": "Lonely\nBored",
            "warning_signs": "Skipping meals\nNot answering the phone",
            "coping": "Walk the dog\nCall Aisha\nGo to a meeting",
            "people_to_call": "Aisha 555 0134",
            "supporters_agree": "Maria: stays calm, checks the naloxone, drives to the clinic",
        },
    )
    services.set_goal(
        members["person"],
        person_membership,
        None,
        choice="reduced",
        in_their_words="Demo: less first, then we will see.",
        visibility="circle",
        agreed_by_person=True,
    )
