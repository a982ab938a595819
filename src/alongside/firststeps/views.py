from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.circles.access import SUPPORTING_ROLES, circle_context, circle_view
from alongside.circles.models import Membership
from alongside.core import links
from alongside.firststeps import content, services


def start(request):
    return render(request, "firststeps/start.html", {"content": content.current()})


def situation(request, key):
    found = content.current().situation(key)
    if found is None:
        raise Http404
    if found.emergency:
        emergency = links.resolve("app:emergency")
        if emergency:
            return redirect(emergency)
    memberships = (
        list(
            Membership.objects.for_user(request.user)
            .filter(role__in=SUPPORTING_ROLES)
            .select_related("circle")
        )
        if request.user.is_authenticated
        else []
    )
    # A member's tools link into their own circle (the one they were last in, else the first).
    own = _current_membership(request, memberships)
    actions = [
        {"action": a, "url": a.url(own.circle_id, own.role) if own else a.url()} for a in found.actions
    ]
    return render(
        request,
        "firststeps/situation.html",
        {
            "situation": found,
            "actions": actions,
            "memberships": memberships,
            "content": content.current(),
            "start_circle_url": _start_circle_url(request, reverse("firststeps:situation", args=[key])),
        },
    )


def _current_membership(request, memberships):
    from alongside.circles.views import CURRENT_CIRCLE_KEY

    remembered = request.session.get(CURRENT_CIRCLE_KEY)
    return next(
        (m for m in memberships if str(m.circle_id) == remembered), memberships[0] if memberships else None
    )


def _start_circle_url(request, back_to: str) -> str:
    """Where "start a circle" leads: sign-up (for visitors), then creating the circle, then
    back to ``back_to``, so nothing chosen before signing up is lost."""
    create = f"{reverse('circles:create')}?{urlencode({'next': back_to})}"
    if request.user.is_authenticated:
        return create
    return f"{reverse('account_signup')}?{urlencode({'next': create})}"


def path_preview(request):
    """The family path for visitors: readable before signing up. A member with a circle
    goes to the path in their circle, where progress is kept."""
    if request.user.is_authenticated:
        memberships = list(
            Membership.objects.for_user(request.user)
            .filter(role__in=SUPPORTING_ROLES)
            .select_related("circle")
        )
        own = _current_membership(request, memberships)
        if own is not None:
            return redirect("firststeps:path", circle_id=own.circle_id)
    steps = [
        {"step": step, "number": number, "reading_url": links.resolve(step.reading)}
        for number, step in enumerate(content.current().path, start=1)
    ]
    return render(
        request,
        "firststeps/path_preview.html",
        {"steps": steps, "save_url": _start_circle_url(request, reverse("firststeps:path_preview"))},
    )


@circle_view(roles=SUPPORTING_ROLES)
@require_POST
def save_situation(request, membership):
    key = request.POST.get("situation", "")
    if content.current().situation(key) is None:
        messages.error(request, _("Choose one of the situations."))
        return redirect("firststeps:start")
    services.save_situation(request.user, membership.circle, key)
    messages.success(request, _("Saved. The circle home now shows the next actions."))
    return redirect("circles:detail", circle_id=membership.circle_id)


@circle_view(roles=SUPPORTING_ROLES)
def family_path(request, membership):
    circle = membership.circle
    done = services.done_steps(request.user, circle)
    steps = [
        {
            "step": step,
            "number": number,
            "done": step.key in done,
            "reading_url": links.resolve(step.reading),
            "exercise_url": links.resolve(step.exercise, circle.id, membership.role),
        }
        for number, step in enumerate(content.current().path, start=1)
    ]
    from alongside.firststeps.models import StepDone

    shared = StepDone.objects.filter(circle=circle, author=request.user, visibility="supporters").exists()
    return render(
        request,
        "firststeps/path.html",
        circle_context(
            membership,
            steps=steps,
            done_count=len(done),
            total=len(steps),
            shared=shared,
            others=services.shared_progress_of_others(request.user, circle),
            programme_url=links.resolve("app:programme", circle.id, membership.role),
        ),
    )


@circle_view(roles=SUPPORTING_ROLES)
@require_POST
def toggle_step(request, membership, step):
    if content.current().step(step) is None:
        raise Http404
    services.toggle_step(request.user, membership.circle, step)
    return redirect(reverse("firststeps:path", args=[membership.circle_id]) + f"#step-{step}")


@circle_view(roles=SUPPORTING_ROLES)
@require_POST
def share_progress(request, membership):
    share = request.POST.get("share") == "1"
    services.share_progress(request.user, membership.circle, share)
    messages.success(
        request,
        _("Your progress is shared with the supporters.") if share else _("Your progress is private again."),
    )
    return redirect("firststeps:path", circle_id=membership.circle_id)


def home_panel_context(*, circle, membership, user) -> dict:
    """The circle home card: the saved situation's next actions and this member's next step."""
    data = content.current()
    saved = services.current_situation(user, circle)
    situation_obj = data.situation(saved.situation) if saved else None
    done = services.done_steps(user, circle)
    next_step = next((s for s in data.path if s.key not in done), None)
    return {
        "situation": situation_obj,
        "actions": [{"action": a, "url": a.url(circle.id, membership.role)} for a in situation_obj.actions]
        if situation_obj
        else [],
        "next_step": next_step,
        "next_step_number": [s.key for s in data.path].index(next_step.key) + 1 if next_step else None,
        "done_count": len(done),
        "total": len(data.path),
    }
