"""The demo circle's notes: one for supporters, one the person shares, one private."""

from __future__ import annotations

from alongside.notes.models import Note


def add_demo(*, circle, members, stdout) -> None:
    Note.objects.create(
        circle=circle,
        author=members["organiser"],
        visibility="supporters",
        title="Demo: who has the spare key",
        body="This is demo data. David has the spare key; Aisha keeps a naloxone kit in her bag.",
    )
    Note.objects.create(
        circle=circle,
        author=members["person"],
        visibility="circle",
        title="Demo: what helps me on a hard day",
        body="This is demo data. A walk, a call with my sponsor, and not being asked lots of questions.",
    )
    Note.objects.create(
        circle=circle,
        author=members["supporter"],
        visibility="only_me",
        title="Demo: my private reminder",
        body="This is demo data. Only David can read this note.",
    )
