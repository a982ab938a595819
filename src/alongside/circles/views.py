from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from alongside.audit.words import record_noun
from alongside.circles import services, story
from alongside.circles.access import ORGANISERS, circle_context, circle_view
from alongside.circles.forms import (
    CircleForm,
    CircleSettingsForm,
    InvitationForm,
    InviteeFormSet,
    RoleForm,
    StoryAccessForm,
)
from alongside.circles.models import Invitation, Membership, RecordChange, Role
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
            request.user,
            person_name=form.cleaned_data["person_name"],
            time_zone=form.cleaned_data["time_zone"],
        )
        messages.success(request, _("Your circle is ready. Invite the people who help."))
        # Inviting is part of creating a circle; "next" (e.g. the situation chosen before
        # signing up) is where the invitation page continues to.
        invite_url = reverse("circles:invite_people", args=[circle.id])
        next_url = _safe_next(request)
        return redirect(f"{invite_url}?{urlencode({'next': next_url})}" if next_url else invite_url)
    return render(request, "circles/create.html", {"form": form})


def _safe_next(request) -> str:
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return next_url
    return ""


def _invitation_link(request, token: str) -> str:
    return request.build_absolute_uri(reverse("circles:accept", args=[token]))


@circle_view(roles=ORGANISERS)
def invite_people(request, membership):
    """Invite people by e-mail: the page that follows creating a circle, and the circle
    home's invite card. Each row with an address becomes an e-mailed invitation."""
    circle = membership.circle
    formset = InviteeFormSet(request.POST or None, prefix="invitee")
    next_url = _safe_next(request)
    if request.method == "POST" and formset.is_valid():
        rows = [row for row in formset.cleaned_data if row.get("email")]
        sent, problems = [], []
        for row in rows:
            try:
                invitation, token = services.create_invitation(
                    request.user, circle, role=row["role"], label=row["name"], email=row["email"]
                )
            except services.CircleRuleError as error:
                problems.append(error.messages[0])
                continue
            services.email_invitation(request.user, invitation, _invitation_link(request, token))
            sent.append(row["name"] or row["email"])
        for problem in problems:
            messages.error(request, problem)
        if sent:
            messages.success(
                request,
                ngettext("Invitation sent to %(names)s.", "Invitations sent to %(names)s.", len(sent))
                % {"names": ", ".join(sent)},
            )
        if rows:
            return redirect(next_url or reverse("circles:detail", args=[circle.id]))
        formset = InviteeFormSet(prefix="invitee")
        messages.error(request, _("Add at least one e-mail address, or choose 'Later'."))
    return render(
        request,
        "circles/invite_people.html",
        circle_context(membership, formset=formset, link_form=InvitationForm(), next_url=next_url),
    )


@circle_view(roles=ORGANISERS)
@require_POST
def resend_invitation(request, membership, invitation_id):
    """Send an e-mailed invitation again, with a new link and a fresh expiry."""
    invitation = get_object_or_404(Invitation, pk=invitation_id, circle=membership.circle)
    try:
        token = services.renew_invitation(request.user, invitation)
    except services.CircleRuleError as error:
        messages.error(request, error.messages[0])
    else:
        services.email_invitation(request.user, invitation, _invitation_link(request, token))
        messages.success(request, _("Sent again, with a new link. The old link no longer works."))
    return redirect("circles:members", circle_id=membership.circle_id)


@circle_view
def detail(request, membership):
    if request.session.get(CURRENT_CIRCLE_KEY) != str(membership.circle_id):
        # Written only when it changes: an unchanged session is not saved again on every visit.
        request.session[CURRENT_CIRCLE_KEY] = str(membership.circle_id)
    circle = membership.circle
    cards = []
    for section in sections_for(membership):
        extra = (
            section.context(circle=circle, membership=membership, user=request.user)
            if section.context
            else {}
        )
        cards.append({"section": section, "url": reverse(section.url_name, args=[circle.id]), "extra": extra})
    other_circles = [m for m in request.active_memberships if m.circle_id != circle.id]
    invite_card = {}
    if membership.is_organiser:
        invite_card = {
            "people": Membership.objects.active().filter(circle=circle).select_related("user"),
            "pending": Invitation.objects.pending().filter(circle=circle),
        }
    return render(
        request,
        "circles/detail.html",
        circle_context(membership, cards=cards, other_circles=other_circles, invite_card=invite_card),
    )


@circle_view
def members(request, membership):
    circle = membership.circle
    context = circle_context(
        membership,
        members=Membership.objects.active().filter(circle=circle).select_related("user"),
        roles=Role.choices,
    )
    if membership.is_organiser:
        context["invitations"] = Invitation.objects.pending().filter(circle=circle)
        context["invitation_form"] = InvitationForm()
    return render(request, "circles/members.html", context)


@circle_view(roles=ORGANISERS)
def invite(request, membership):
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
            link = _invitation_link(request, token)
            return render(
                request,
                "circles/invitation_created.html",
                circle_context(membership, invitation=invitation, link=link),
            )
    return render(request, "circles/invite.html", circle_context(membership, form=form))


@circle_view(roles=ORGANISERS)
@require_POST
def revoke_invitation(request, membership, invitation_id):
    invitation = get_object_or_404(Invitation, pk=invitation_id, circle=membership.circle)
    services.revoke_invitation(request.user, invitation)
    messages.success(request, _("The invitation link no longer works."))
    return redirect("circles:members", circle_id=membership.circle_id)


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


@circle_view
@require_POST
def leave(request, membership):
    try:
        services.leave_circle(request.user, membership)
    except services.CircleRuleError as error:
        messages.error(request, error.messages[0])
        return redirect("circles:members", circle_id=membership.circle_id)
    request.session.pop(CURRENT_CIRCLE_KEY, None)
    messages.success(request, _("You have left the circle."))
    return redirect("circles:home")


def _target_membership(actor_membership: Membership, membership_id) -> Membership:
    try:
        return Membership.objects.active().get(pk=membership_id, circle=actor_membership.circle)
    except (Membership.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


@circle_view(roles=ORGANISERS)
@require_POST
def change_role(request, membership, membership_id):
    target = _target_membership(membership, membership_id)
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
    return redirect("circles:members", circle_id=membership.circle_id)


@circle_view(roles=ORGANISERS)
@require_POST
def remove(request, membership, membership_id):
    target = _target_membership(membership, membership_id)
    try:
        services.remove_member(request.user, target)
    except services.CircleRuleError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("They are no longer in the circle."))
    return redirect("circles:members", circle_id=membership.circle_id)


@circle_view
def circle_settings(request, membership):
    circle = membership.circle
    editable = services.editable_settings(membership)
    form = CircleSettingsForm(request.POST or None, instance=circle, editable=editable)
    if request.method == "POST" and editable and form.is_valid():
        services.update_circle_settings(request.user, circle, **{k: form.cleaned_data[k] for k in editable})
        messages.success(request, _("The circle's settings are saved."))
        return redirect("circles:settings", circle_id=membership.circle_id)
    return render(
        request,
        "circles/settings.html",
        circle_context(membership, form=form, editable=editable),
    )


@circle_view(roles=(Role.PERSON,))
def my_records(request, membership):
    """The person's page: who may change their recovery count, goal and medications, and the
    changes others made, each with who and when, and a way to undo it."""
    others = list(
        Membership.objects.active()
        .filter(circle=membership.circle)
        .exclude(pk=membership.pk)
        .select_related("user")
    )
    form = StoryAccessForm(request.POST or None, members=others)
    if request.method == "POST" and form.is_valid():
        story.set_story_access(request.user, membership, form.cleaned_data["allowed"])
        messages.success(request, _("Saved. Only the people you ticked can change these records."))
        return redirect("circles:my_records", circle_id=membership.circle_id)
    changes = [
        (change, record_noun(change.target_type))
        for change in story.changes_for_person(membership.circle)[:100]
    ]
    return render(request, "circles/my_records.html", circle_context(membership, form=form, changes=changes))


@circle_view(roles=(Role.PERSON,))
@require_POST
def undo_change(request, membership, change_id):
    change = get_object_or_404(RecordChange, pk=change_id, circle=membership.circle)
    story.undo_change(request.user, membership, change)
    messages.success(request, _("Undone. The record is back as it was before that change."))
    return redirect("circles:my_records", circle_id=membership.circle_id)
