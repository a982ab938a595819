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


# Rules for the authorization matrix (see core/authz.py).
def _invitation_kwargs(*, circle, members):
    from alongside.circles.services import create_invitation

    invitation, _token = create_invitation(members["organiser"], circle, role=Role.SUPPORTER)
    return {"invitation_id": invitation.id}


def _membership_kwargs(*, circle, members):
    return {"membership_id": Membership.objects.get(circle=circle, user=members["supporter"]).id}


def _token_kwargs(*, circle, members):
    from alongside.circles.services import create_invitation

    _invitation, token = create_invitation(members["organiser"], circle, role=Role.SUPPORTER)
    return {"token": token}


def _url_rules():
    from alongside.core.authz import Member, Public, SignedIn

    return {
        "circles:home": SignedIn(),
        "circles:create": SignedIn(),
        "circles:accept": Public(kwargs=_token_kwargs),
        "circles:detail": Member(),
        "circles:members": Member(),
        "circles:settings": Member(),
        "circles:invite": Member(roles=ORGANISERS),
        "circles:revoke_invitation": Member(roles=ORGANISERS, method="POST", kwargs=_invitation_kwargs),
        "circles:change_role": Member(roles=ORGANISERS, method="POST", kwargs=_membership_kwargs),
        "circles:remove": Member(roles=ORGANISERS, method="POST", kwargs=_membership_kwargs),
        "circles:leave": Member(method="POST"),
    }


URL_RULES = _url_rules()
