"""Access helpers for circles: one way in, 404 for everyone who does not belong."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from alongside.circles.models import Membership, Role
from alongside.circles.records import get_visible_or_404, membership_rows, memberships_read_once


def get_membership_or_404(user, circle_id, roles: tuple[str, ...] | None = None) -> Membership:
    """The user's active membership of a circle, or 404 (also for a role not allowed)."""
    return _memberships_and_one_or_404(user, circle_id, roles)[1]


def _memberships_and_one_or_404(user, circle_id, roles) -> tuple[list[Membership], Membership]:
    """All the user's active memberships (one query, circles loaded) and the one for ``circle_id``.

    A circle page needs both: the one to decide access, all of them for ``visibility_q``."""
    if not user.is_authenticated:
        raise Http404
    memberships = list(Membership.objects.for_user(user).select_related("circle"))
    membership = next((m for m in memberships if str(m.circle_id) == str(circle_id)), None)
    if membership is None or (roles is not None and membership.role not in roles):
        raise Http404
    return memberships, membership


ORGANISERS = (Role.ORGANISER,)
SUPPORTING_ROLES = (Role.ORGANISER, Role.SUPPORTER)


def circle_view(view=None, *, roles: tuple[str, ...] | None = None):
    """The one way into a circle page: ``@circle_view`` or ``@circle_view(roles=...)``.

    Anonymous visitors are sent to log in; everyone who is not an active member of the
    circle in the URL (or whose role is not in ``roles``) gets 404, exactly as
    ``get_membership_or_404``. The view is called as ``view(request, membership, **kwargs)``
    (the URL's ``circle_id`` is ``membership.circle_id``).
    """

    def decorate(func):
        @login_required
        @functools.wraps(func)
        def wrapper(request, circle_id, *args, **kwargs):
            memberships, membership = _memberships_and_one_or_404(request.user, circle_id, roles)
            request.active_memberships = memberships  # the circle home lists the member's others
            with memberships_read_once({request.user.pk: membership_rows(memberships)}):
                return func(request, membership, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate


def circle_context(membership, **extra) -> dict:
    """What every circle template expects: the circle and the reader's membership."""
    return {"circle": membership.circle, "membership": membership, **extra}


def read_record_or_404(request, membership, model_or_queryset, pk):
    """A record of this circle the member may read, with the reading written to the audit
    trail (the person sees who read their records); 404 for a record they may not see."""
    from alongside.audit.services import record_view

    record = get_visible_or_404(model_or_queryset, request.user, circle=membership.circle, pk=pk)
    record_view(request.user, record)
    return record


def form_page(request, membership, form, *, save, done, template, message=None, **context):
    """The form pattern, once: a valid POST calls ``save(form)`` (a service call; it returns the
    saved record) and redirects to ``done(record)``, saying ``message`` (if any); otherwise the
    page shows the form, and a form that failed keeps what was typed."""
    if request.method == "POST" and form.is_valid():
        record = save(form)
        if message:
            messages.success(request, message)
        return redirect(done(record))
    return render(request, template, circle_context(membership, form=form, **context))


def save_record_form(request, membership, form, save):
    """Save a personal record's model form through the app's ``save(actor, record, created=...)``
    service (which writes the audit row): a new record joins the member's circle, written by them."""
    record = form.save(commit=False)
    created = record._state.adding
    if created:
        record.circle, record.author = membership.circle, request.user
    return save(request.user, record, created=created)


def confirm_delete(request, membership, record, /, *, delete, done, template, message=None, **context):
    """The delete pattern, once: GET shows ``template`` (a confirm page), POST calls
    ``delete(request.user, record)`` (a service that writes the audit row), says ``message`` (if any)
    and redirects to ``done``. Callers fetch ``record`` with ``get_visible_or_404(..., for_edit=True)``."""
    if request.method == "POST":
        delete(request.user, record)
        if message:
            messages.success(request, message)
        return redirect(done)
    if template is None:
        raise Http404  # a delete that has no confirm page is a form button only
    return render(request, template, circle_context(membership, **context))


def record_delete_view(
    model, *, kwarg: str, delete, done, template=None, message=None, context=None, roles=None
):
    """A whole delete view for the author's own record of ``model``, whose id is the URL's ``kwarg``.

    ``done(record)`` gives the URL to go to afterwards; ``context(record)`` the confirm page's
    context. Without a ``template`` the delete is a button on another page, and the view takes
    POST only. Anyone but the author (and anyone outside the circle) gets 404.
    """

    def view(request, membership, **kwargs):
        record = get_visible_or_404(
            model, request.user, for_edit=True, circle=membership.circle, pk=kwargs[kwarg]
        )
        extra = context(record) if context else {}
        return confirm_delete(
            request,
            membership,
            record,
            delete=delete,
            done=done(record),
            template=template,
            message=message,
            **extra,
        )

    view.__name__ = view.__qualname__ = f"{model.__name__.lower()}_delete"
    # Membership first (404 for outsiders), then the method: as every other circle view.
    return circle_view(view if template is not None else require_POST(view), roles=roles)


# Rules for the authorization matrix (see core/authz.py).
def _invitation_kwargs(*, circle, members):
    from alongside.circles.services import create_invitation

    invitation, _token = create_invitation(members["organiser"], circle, role=Role.SUPPORTER)
    return {"invitation_id": invitation.id}


def _emailed_invitation_kwargs(*, circle, members):
    from alongside.circles.services import create_invitation

    invitation, _token = create_invitation(
        members["organiser"], circle, role=Role.SUPPORTER, email="someone@example.org"
    )
    return {"invitation_id": invitation.id}


def _membership_kwargs(*, circle, members):
    return {"membership_id": Membership.objects.get(circle=circle, user=members["supporter"]).id}


def _token_kwargs(*, circle, members):
    from alongside.circles.services import create_invitation

    _invitation, token = create_invitation(members["organiser"], circle, role=Role.SUPPORTER)
    return {"token": token}


def _change_kwargs(*, circle, members):
    from alongside.circles.models import RecordChange

    change = RecordChange.objects.create(
        circle=circle,
        target_type="care.daymark",
        target_id="00000000-0000-0000-0000-000000000000",
        kind="added",
    )
    return {"change_id": change.id}


def _url_rules():
    from alongside.core.authz import Member, Public, SignedIn

    return {
        "circles:home": SignedIn(),
        "circles:create": SignedIn(),
        "circles:accept": Public(kwargs=_token_kwargs),
        "circles:detail": Member(),
        "circles:members": Member(),
        "circles:settings": Member(),
        # The person decides who changes their own story, and undoes what others changed.
        "circles:my_records": Member(roles=(Role.PERSON,)),
        "circles:undo_change": Member(roles=(Role.PERSON,), method="POST", kwargs=_change_kwargs),
        "circles:invite": Member(roles=ORGANISERS),
        "circles:invite_people": Member(roles=ORGANISERS),
        "circles:resend_invitation": Member(
            roles=ORGANISERS, method="POST", kwargs=_emailed_invitation_kwargs
        ),
        "circles:revoke_invitation": Member(roles=ORGANISERS, method="POST", kwargs=_invitation_kwargs),
        "circles:change_role": Member(roles=ORGANISERS, method="POST", kwargs=_membership_kwargs),
        "circles:remove": Member(roles=ORGANISERS, method="POST", kwargs=_membership_kwargs),
        "circles:leave": Member(method="POST"),
    }


URL_RULES = _url_rules()
