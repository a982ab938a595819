from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from alongside.audit.services import trail_for
from alongside.circles.access import get_membership_or_404
from alongside.circles.models import Role


@login_required
def trail(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    page = Paginator(trail_for(membership), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/trail.html",
        {
            "circle": membership.circle,
            "membership": membership,
            "page": page,
            "sees_everything": membership.role == Role.PERSON,
        },
    )
