"""Who opens the programme's pages (see core/authz.py). The programme is for the family:
organisers and supporters work through it; anyone a worksheet or practice is shared with reads it."""

from __future__ import annotations

from datetime import date, timedelta

from alongside.core.authz import Member, Record

SUPPORTING = ("organiser", "supporter")


def make_worksheet(*, circle, author, visibility):
    """A worksheet of a skill this author has none of yet (one per member and skill)."""
    from alongside.programme.content import SLUGS
    from alongside.programme.models import Worksheet

    used = set(Worksheet.objects.filter(circle=circle, author=author).values_list("skill", flat=True))
    skill = next(s for s in SLUGS if s not in used)
    return Worksheet.objects.create(
        circle=circle,
        author=author,
        visibility=visibility,
        skill=skill,
        answers={"problem": "Money", "option_1": "A bus pass"},
        notes="n",
    )


def make_practice(*, circle, author, visibility):
    from alongside.programme.models import Practice

    return Practice.objects.create(
        circle=circle,
        author=author,
        visibility=visibility,
        skill="positive-communication",
        what="w",
        due_on=date.today() + timedelta(days=7),
    )


def _skill(**_):
    return {"slug": "positive-communication"}


URL_RULES = {
    "programme:index": Member(roles=SUPPORTING),
    "programme:shared": Member(),
    "programme:skill": Member(roles=SUPPORTING, kwargs=_skill),
    "programme:worksheet": Member(roles=SUPPORTING, kwargs=_skill),
    "programme:practice_create": Member(roles=SUPPORTING, kwargs=_skill),
    "programme:worksheet_detail": Record(kwarg="worksheet_id", make=make_worksheet),
    "programme:worksheet_delete": Record(kwarg="worksheet_id", make=make_worksheet, author_only=True),
    "programme:practice_detail": Record(kwarg="practice_id", make=make_practice),
    "programme:practice_edit": Record(kwarg="practice_id", make=make_practice, author_only=True),
    "programme:practice_outcome": Record(
        kwarg="practice_id", make=make_practice, author_only=True, method="POST"
    ),
    "programme:practice_delete": Record(kwarg="practice_id", make=make_practice, author_only=True),
}
