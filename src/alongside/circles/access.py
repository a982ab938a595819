"""Access helpers for circles: one way in, 404 for everyone who does not belong."""

from __future__ import annotations

from django.http import Http404

from alongside.circles.models import Membership, Role


def get_membership_or_404(user, circle_id, roles: tuple[str, ...] | None = None) -> Membership:
    """The user's active membership of a circle, or 404 (also for a role not allowed)."""
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.for_user(user).select_related("circle").filter(circle_id=circle_id).first()
    )
    if membership is None or (roles is not None and membership.role not in roles):
        raise Http404
    return membership


ORGANISERS = (Role.ORGANISER,)
SUPPORTING_ROLES = (Role.ORGANISER, Role.SUPPORTER)
