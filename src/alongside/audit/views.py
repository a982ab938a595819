from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from alongside.audit.services import trail_for
from alongside.circles.access import circle_context, circle_view
from alongside.circles.models import Role


@circle_view
def trail(request, membership):
    page = Paginator(trail_for(membership), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/trail.html",
        circle_context(membership, page=page, sees_everything=membership.role == Role.PERSON),
    )
