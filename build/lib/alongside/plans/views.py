from __future__ import annotations

from django.apps import apps as django_apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.audit.services import record_view
from alongside.circles.access import get_membership_or_404
from alongside.circles.models import Role
from alongside.circles.records import default_visibility, get_visible_or_404
from alongside.plans import content, pdf, services
from alongside.plans.forms import (
    BoundaryForm,
    BoundaryTestForm,
    CheckForm,
    ConversationPlanForm,
    GoalForm,
    OutcomeForm,
    RelapsePlanForm,
)
from alongside.plans.ichecks import check_statement
from alongside.plans.models import Boundary, ConversationPlan, RelapsePlan


def _context(membership, **extra) -> dict:
    return {"circle": membership.circle, "membership": membership, **extra}


def _visible(request, membership, model, pk, *, own: bool = False):
    record = get_visible_or_404(model.objects.in_circle(membership.circle), request.user, pk=pk)
    if own and not record.can_edit(request.user):
        raise Http404
    return record


@login_required
def index(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    return render(request, "plans/index.html", _context(membership))


@login_required
def guide(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    return render(request, "plans/guide.html", _context(membership, guide=content.current()))


# --- Boundaries ------------------------------------------------------------------------------------


@login_required
def boundaries(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    items = Boundary.objects.visible_to(request.user).in_circle(membership.circle).select_related("author")
    return render(request, "plans/boundaries.html", _context(membership, items=items))


def _boundary_form_view(request, membership, instance=None):
    form = BoundaryForm(
        request.POST or None, instance=instance, initial={"visibility": default_visibility(membership.role)}
    )
    if request.method == "POST" and form.is_valid():
        boundary = form.save(commit=False)
        if instance is None:
            boundary.circle, boundary.author = membership.circle, request.user
        services.save_record(request.user, boundary, created=instance is None)
        messages.success(request, _("The boundary is saved."))
        return redirect("plans:boundary_detail", circle_id=membership.circle_id, boundary_id=boundary.id)
    return render(request, "plans/boundary_form.html", _context(membership, form=form, boundary=instance))


@login_required
def boundary_create(request, circle_id):
    return _boundary_form_view(request, get_membership_or_404(request.user, circle_id))


@login_required
def boundary_edit(request, circle_id, boundary_id):
    membership = get_membership_or_404(request.user, circle_id)
    return _boundary_form_view(request, membership, _visible(request, membership, Boundary, boundary_id, own=True))


def _boundary_page(request, membership, boundary, test_form, status=200):
    record_view(request.user, boundary)
    return render(
        request,
        "plans/boundary_detail.html",
        _context(membership, boundary=boundary, test_form=test_form, tests=boundary.tests.select_related("recorded_by")),
        status=status,
    )


@login_required
def boundary_detail(request, circle_id, boundary_id):
    membership = get_membership_or_404(request.user, circle_id)
    boundary = _visible(request, membership, Boundary, boundary_id)
    return _boundary_page(request, membership, boundary, BoundaryTestForm(initial={"happened_on": timezone.localdate()}))


@login_required
@require_POST
def boundary_test(request, circle_id, boundary_id):
    membership = get_membership_or_404(request.user, circle_id)
    boundary = _visible(request, membership, Boundary, boundary_id)
    form = BoundaryTestForm(request.POST)
    if form.is_valid():
        services.log_boundary_test(request.user, boundary, **form.cleaned_data)
        messages.success(request, _("Noted. Holding a boundary is hard; every time counts."))
        return redirect("plans:boundary_detail", circle_id=circle_id, boundary_id=boundary.id)
    return _boundary_page(request, membership, boundary, form)


@login_required
def boundary_delete(request, circle_id, boundary_id):
    membership = get_membership_or_404(request.user, circle_id)
    boundary = _visible(request, membership, Boundary, boundary_id, own=True)
    if request.method == "POST":
        services.delete_record(request.user, boundary)
        messages.success(request, _("The boundary is deleted."))
        return redirect("plans:boundaries", circle_id=circle_id)
    return render(
        request,
        "plans/confirm_delete.html",
        _context(membership, what=boundary.what, back=reverse("plans:boundary_detail", args=[circle_id, boundary.id])),
    )


# --- Conversation plans ----------------------------------------------------------------------------


@login_required
def conversations(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    items = ConversationPlan.objects.visible_to(request.user).in_circle(membership.circle).select_related("author")
    return render(request, "plans/conversations.html", _context(membership, items=items))


def _shortlist_choices(user, circle) -> list[tuple[str, str]]:
    """The treatment shortlist the user can see, when the directory app is installed."""
    if not django_apps.is_installed("alongside.directory"):
        return []
    try:
        from alongside.directory.models import ShortlistItem
    except ImportError:
        return []
    items = ShortlistItem.objects.visible_to(user).in_circle(circle)[:30]
    return [(str(item.id), " · ".join(filter(None, [item.name, item.phone]))) for item in items]


def _conversation_form_view(request, membership, instance=None):
    shortlist = _shortlist_choices(request.user, membership.circle)
    form = ConversationPlanForm(
        request.POST or None,
        instance=instance,
        shortlist=shortlist,
        initial={"visibility": default_visibility(membership.role)},
    )
    if request.method == "POST" and "check" in request.POST:
        # "Check my wording" without JavaScript: show the hints, save nothing.
        flags = check_statement(request.POST.get("i_statements", ""))
        initial = request.POST.dict() | {"shortlist": request.POST.getlist("shortlist")}
        form = ConversationPlanForm(initial=initial, instance=instance, shortlist=shortlist)
        return render(
            request,
            "plans/conversation_form.html",
            _context(membership, form=form, plan=instance, flags=flags, checked=True),
        )
    if request.method == "POST" and form.is_valid():
        plan = form.save(commit=False)
        if instance is None:
            plan.circle, plan.author = membership.circle, request.user
        services.save_record(request.user, plan, created=instance is None)
        messages.success(request, _("Your conversation plan is saved."))
        return redirect("plans:conversation_detail", circle_id=membership.circle_id, plan_id=plan.id)
    return render(
        request,
        "plans/conversation_form.html",
        _context(membership, form=form, plan=instance, flags=form.flags if form.is_bound else []),
    )


@login_required
def conversation_create(request, circle_id):
    return _conversation_form_view(request, get_membership_or_404(request.user, circle_id))


@login_required
def conversation_edit(request, circle_id, plan_id):
    membership = get_membership_or_404(request.user, circle_id)
    return _conversation_form_view(
        request, membership, _visible(request, membership, ConversationPlan, plan_id, own=True)
    )


def _conversation_page(request, membership, plan, outcome_form):
    record_view(request.user, plan)
    return render(
        request,
        "plans/conversation_detail.html",
        _context(membership, plan=plan, outcome_form=outcome_form, outcomes=plan.outcomes.all()),
    )


@login_required
def conversation_detail(request, circle_id, plan_id):
    membership = get_membership_or_404(request.user, circle_id)
    plan = _visible(request, membership, ConversationPlan, plan_id)
    form = OutcomeForm(initial={"happened_on": timezone.localdate()}) if plan.can_edit(request.user) else None
    return _conversation_page(request, membership, plan, form)


@login_required
def conversation_rehearse(request, circle_id, plan_id):
    membership = get_membership_or_404(request.user, circle_id)
    plan = _visible(request, membership, ConversationPlan, plan_id)
    record_view(request.user, plan)
    return render(request, "plans/conversation_rehearse.html", _context(membership, plan=plan))


@login_required
@require_POST
def conversation_outcome(request, circle_id, plan_id):
    membership = get_membership_or_404(request.user, circle_id)
    plan = _visible(request, membership, ConversationPlan, plan_id, own=True)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        services.log_conversation_outcome(request.user, plan, **form.cleaned_data)
        messages.success(request, _("Noted. Whatever happened, you tried, and that matters."))
        return redirect("plans:conversation_detail", circle_id=circle_id, plan_id=plan.id)
    return _conversation_page(request, membership, plan, form)


@login_required
def conversation_delete(request, circle_id, plan_id):
    membership = get_membership_or_404(request.user, circle_id)
    plan = _visible(request, membership, ConversationPlan, plan_id, own=True)
    if request.method == "POST":
        services.delete_record(request.user, plan)
        messages.success(request, _("The conversation plan is deleted."))
        return redirect("plans:conversations", circle_id=circle_id)
    return render(
        request, "plans/confirm_delete.html", _context(membership, what=plan.goal, back=reverse("plans:conversation_detail", args=[circle_id, plan.id]))
    )


@login_required
@require_POST
def ichecks(request, circle_id):
    """The htmx check as you type: the hints for the I-statements field, as a fragment."""
    membership = get_membership_or_404(request.user, circle_id)
    form = CheckForm(request.POST)
    text = form.cleaned_data["i_statements"] if form.is_valid() else ""
    return render(request, "plans/_ichecks.html", _context(membership, flags=check_statement(text), checked=bool(text)))


# --- The relapse-prevention plan -------------------------------------------------------------------


@login_required
def relapse_plan(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    plan = services.current_relapse_plan(membership)
    earlier = services.earlier_relapse_plan(membership) if plan is None else None
    if plan is not None:
        record_view(request.user, plan)
    return render(
        request,
        "plans/relapse_plan.html",
        _context(
            membership,
            plan=plan,
            earlier=earlier,
            may_edit=services.may_edit_relapse_plan(membership),
            person=services.person_in(membership.circle),
        ),
    )


@login_required
def relapse_plan_edit(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    if not services.may_edit_relapse_plan(membership):
        raise Http404
    plan = services.current_relapse_plan(membership)
    if plan is not None and not plan.can_edit(request.user):
        plan = None  # another organiser's plan: this organiser starts from their own
    person_is_author = membership.role == Role.PERSON
    initial = {"visibility": default_visibility(membership.role)}
    earlier = services.earlier_relapse_plan(membership) if plan is None else None
    if earlier is not None:
        initial.update(earlier.sections())  # start from the plan kept before the person joined
    form = RelapsePlanForm(
        request.POST or None, instance=plan, person_is_author=person_is_author, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        services.save_relapse_plan(
            request.user,
            membership,
            plan,
            sections=form.sections(),
            visibility=form.cleaned_data["visibility"],
            made_with_person=form.cleaned_data.get("made_with_person", False),
        )
        messages.success(request, _("The plan is saved. Earlier versions are kept in its history."))
        return redirect("plans:relapse_plan", circle_id=circle_id)
    return render(
        request,
        "plans/relapse_plan_form.html",
        _context(membership, form=form, plan=plan, person_is_author=person_is_author),
    )


@login_required
def relapse_plan_history(request, circle_id, plan_id):
    membership = get_membership_or_404(request.user, circle_id)
    plan = _visible(request, membership, RelapsePlan, plan_id)
    record_view(request.user, plan)
    return render(
        request, "plans/relapse_plan_history.html", _context(membership, plan=plan, history=services.version_history(plan))
    )


@login_required
def relapse_plan_print(request, circle_id, plan_id):
    membership = get_membership_or_404(request.user, circle_id)
    plan = _visible(request, membership, RelapsePlan, plan_id)
    record_view(request.user, plan)
    return render(request, "plans/relapse_plan_print.html", _context(membership, plan=plan, version=plan.versions.first()))


@login_required
def relapse_plan_pdf(request, circle_id, plan_id):
    membership = get_membership_or_404(request.user, circle_id)
    plan = _visible(request, membership, RelapsePlan, plan_id)
    record_view(request.user, plan)
    version = plan.versions.first()
    subtitle = _("Updated %(date)s") % {"date": timezone.localdate(plan.updated_at).isoformat()}
    if version is not None:
        subtitle += " · " + _("version %(number)s") % {"number": version.number}
    data = pdf.relapse_plan_pdf(
        title=_("%(name)s's relapse-prevention plan") % {"name": membership.circle.person_name},
        subtitle=subtitle,
        sections=[(str(label), text) for label, text in plan.filled_sections()],
        footer=_(
            "If someone may be overdosing: call the emergency number, give naloxone, stay with them. "
            "After a break, tolerance is lower: the usual amount can be too much."
        ),
        paper="letter" if request.GET.get("paper") == "letter" else "a4",
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="relapse-prevention-plan.pdf"'
    return response


# --- The person's own goal -------------------------------------------------------------------------


@login_required
def goal(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    current = services.current_goal(membership)
    may_set = services.may_set_goal(membership)
    person_is_author = membership.role == Role.PERSON
    form = None
    if may_set:
        own = current if current is not None and current.can_edit(request.user) else None
        form = GoalForm(
            request.POST or None,
            instance=own,
            person_is_author=person_is_author,
            initial={"visibility": default_visibility(membership.role)},
        )
        if request.method == "POST" and form.is_valid():
            services.set_goal(
                request.user,
                membership,
                own,
                choice=form.cleaned_data["choice"],
                in_their_words=form.cleaned_data["in_their_words"],
                visibility=form.cleaned_data["visibility"],
                agreed_by_person=person_is_author or form.cleaned_data.get("agreed_by_person", False),
            )
            messages.success(request, _("The goal is saved."))
            return redirect("plans:goal", circle_id=circle_id)
    elif request.method == "POST":
        raise Http404
    if current is not None:
        record_view(request.user, current)
    return render(
        request,
        "plans/goal.html",
        _context(membership, goal=current, form=form, person_is_author=person_is_author, person=services.person_in(membership.circle)),
    )
