from __future__ import annotations

from django.shortcuts import render

from alongside.audit.services import trail_for
from alongside.audit.words import trail_lines
from alongside.circles.access import circle_context, circle_view
from alongside.circles.models import Role

PER_PAGE = 50


@circle_view
def trail(request, membership):
    """Pages of 50, newest first. One row more than a page tells whether older ones follow, so a
    long history is never counted through on every visit."""
    try:
        number = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        number = 1
    start = (number - 1) * PER_PAGE
    events = list(trail_for(membership)[start : start + PER_PAGE + 1])
    if not events and number > 1:  # past the end (an old link): the newest page
        number = 1
        events = list(trail_for(membership)[: PER_PAGE + 1])
    lines = trail_lines(events[:PER_PAGE])
    return render(
        request,
        "audit/trail.html",
        circle_context(
            membership,
            lines=lines,
            newer=number - 1 if number > 1 else None,
            older=number + 1 if len(events) > PER_PAGE else None,
            sees_everything=membership.role == Role.PERSON,
        ),
    )
