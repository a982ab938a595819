from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.circles import services
from alongside.circles.access import ORGANISERS, get_membership_or_404
from alongside.circles.forms import CircleForm, CircleSettingsForm, InvitationForm, RoleForm
from alongside.circles.models import Invitation, Membership, Role
from alongside.core.sections import sections_for

CURRENT_CIRCLE_KEY = "current_circle"


@login_required
def home(request):
    """The member's circles. With one circle, or a remembered one, go straight to it."""
    memberships = list(Membership.objects.for_user(request.user).select_related("circle"))
    remembered = request.session.get(CURRENT_CIRCLE_KEY)
    if request.GET.get("all") is None:
        for membership in memberships:
            if str(membership.circle_id) == remembered or len(memberships) == 1:
                return redirect("circles:detail", circle_id=membership.circle_id)
    return render(request, "circles/home.html", {"memberships": memberships})


@login_required
def create(request):
    form = CircleForm(request.POST or None, initial={"time_zone": request.user.time_zone})
    if request.method == "POST" and form.is_valid():
        circle = services.create_circle(
            request.user, person_name=form.cleaned_data["person_name"], time_zone=form.cleaned_data["time_zone"]
        )
        messages.success(request, _("Your circle is ready. Invite the people who help."))
        # Back to where the user started (e.g. the situation they chose before signing up).
        next_url = request.GET.get("next", "")
        if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
            return redirect(next_url)
        return redirect("circles:detail", circle_id=circle.id)
    return render(request, "circles/create.html", {"form": form})


@login_required
def detail(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    request.session[CURRENT_CIRCLE_KEY] = str(circle_id)
    circle = membership.circle
    cards = []
    for section in sections_for(membership):
        extra = section.context(circle=circle, membership=membership, user=request.user) if section.context else {}
        cards.append({"section": section, "url": reverse(section.url_name, args=[circle.id]), "extra": extra})
    other_circles = Membership.objects.for_user(request.user).exclude(circle=circle).select_related("circle")
    return render(
        request,
        "circles/detail.html",
        {"circle": circle, "membership": membership, "cards": cards, "other_circles": other_circles},
    )


@login_required
def members(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    circle = membership.circle
    context = {
        "circle": circle,
        "membership": membership,
        "members": Membership.objects.active().filter(circle=circle).select_related("user"),
        "roles": Role.choices,
    }
    if membership.is_organiser:
        context["invitations"] = Invitation.objects.pending().filter(circle=circle)
        context["invitation_form"] = InvitationForm()
    return render(request, "circles/members.html", context)


@login_required
def invite(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id, roles=ORGANISERS)
    circle = membership.circle
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, token = services.create_invitation(
                request.user, circle, role=form.cleaned_data["role"], label=form.cleaned_data["label"]
            )
        except services.CircleRuleError as error:
            form.add_error("role", error.messages[0])
        else:
            link = request.build_absolute_uri(reverse("circles:accept", args=[token]))
            return render(
                request,
                "circles/invitation_created.html",
                {"circle": circle, "membership": membership, "invitation": invitation, "link": link},
            )
    return render(request, "circles/invite.html", {"circle": circle, "membership": membership, "form": form})


@login_required
@require_POST
def revoke_invitation(request, circle_id, invitation_id):
    membership = get_membership_or_404(request.user, circle_id, roles=ORGANISERS)
    invitation = get_object_or_404(Invitation, pk=invitation_id, circle=membership.circle)
    services.revoke_invitation(request.user, invitation)
    messages.success(request, _("The invitation link no longer works."))
    return redirect("circles:members", circle_id=circle_id)


def accept(request, token):
    """Open an invitation. Anyone with the link sees which circle it is for; joining needs an account."""
    invitation = services.find_invitation(token)
    if invitation is None or not invitation.is_usable():
        return render(request, "circles/invitation_invalid.html", status=404)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            membership = services.accept_invitation(request.user, token)
        except services.CircleRuleError as error:
            messages.error(request, error.messages[0])
            return redirect("circles:home")
        messages.success(request, _("Welcome to the circle."))
        return redirect("circles:detail", circle_id=membership.circle_id)
    return render(request, "circles/accept.html", {"invitation": invitation})


@login_required
@require_POST
def leave(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    try:
        services.leave_circle(request.user, membership)
    except services.CircleRuleError as error:
        messages.error(request, error.messages[0])
        return redirect("circles:members", circle_id=circle_id)
    request.session.pop(CURRENT_CIRCLE_KEY, None)
    messages.success(request, _("You have left the circle."))
    return redirect("circles:home")


def _target_membership(actor_membership: Membership, membership_id) -> Membership:
    try:
        return Membership.objects.active().get(pk=membership_id, circle=actor_membership.circle)
    except (Membership.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


@login_required
@require_POST
def change_role(request, circle_id, membership_id):
    actor_membership = get_membership_or_404(request.user, circle_id, roles=ORGANISERS)
    target = _target_membership(actor_membership, membership_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.change_role(request.user, target, form.cleaned_data["role"])
        except services.CircleRuleError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The role is changed."))
    else:
        messages.error(request, _("Choose one of the roles."))
    return redirect("circles:members", circle_id=circle_id)


@login_required
@require_POST
def remove(request, circle_id, membership_id):
    actor_membership = get_membership_or_404(request.user, circle_id, roles=ORGANISERS)
    target = _target_membership(actor_membership, membership_id)
    try:
        services.remove_member(request.user, target)
    except services.CircleRuleError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("They are no longer in the circle."))
    return redirect("circles:members", circle_id=circle_id)


@login_required
def circle_settings(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    circle = membership.circle
    editable = services.editable_settings(membership)
    form = CircleSettingsForm(request.POST or None, instance=circle, editable=editable)
    if request.method == "POST" and editable and form.is_valid():
        services.update_circle_settings(request.user, circle, **{k: form.cleaned_data[k] for k in editable})
        messages.success(request, _("The circle's settings are saved."))
        return redirect("circles:settings", circle_id=circle_id)
    return render(
        request,
        "circles/settings.html",
        {"circle": circle, "membership": membership, "form": form, "editable": editable},
    )
