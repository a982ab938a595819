from __future__ import annotations

import functools

from django.apps import apps as django_apps
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from alongside.audit.services import record_view
from alongside.circles import story
from alongside.circles.access import (
    circle_context,
    circle_view,
    form_page,
    read_record_or_404,
    record_delete_view,
    save_record_form,
)
from alongside.circles.models import Membership, Role
from alongside.circles.records import get_visible_or_404
from alongside.core.zones import local_today
from alongside.plans import content, pdf, services
from alongside.plans.forms import (
    BoundaryForm,
    BoundaryTestForm,
    CheckForm,
    ConversationPlanForm,
    GoalForm,
    OutcomeForm,
    PersonsGoalForm,
    RelapsePlanForm,
)
from alongside.plans.ichecks import check_statement
from alongside.plans.models import Boundary, ConversationPlan, PersonalGoal, RelapsePlan


def _person_read_once(view):
    """The view reads the circle's person once however often it asks (services.person_read_once),
    and the services that take the membership find its user is the one signed in, not a query away
    (``circle_view`` read the membership for ``request.user``)."""

    @functools.wraps(view)
    def wrapper(request, membership, *args, **kwargs):
        if membership.user_id == request.user.pk:
            Membership.user.field.set_cached_value(membership, request.user)
        with services.person_read_once():
            return view(request, membership, *args, **kwargs)

    return wrapper


@circle_view
def index(request, membership):
    return render(request, "plans/index.html", circle_context(membership))


@circle_view
def guide(request, membership):
    return render(request, "plans/guide.html", circle_context(membership, guide=content.current()))


# --- Boundaries ------------------------------------------------------------------------------------


@circle_view
def boundaries(request, membership):
    items = Boundary.objects.visible_to(request.user).in_circle(membership.circle).select_related("author")
    return render(request, "plans/boundaries.html", circle_context(membership, items=items))


def _boundary_form_view(request, membership, instance=None):
    return form_page(
        request,
        membership,
        BoundaryForm(request.POST or None, instance=instance, role=membership.role),
        save=lambda form: save_record_form(request, membership, form, services.save_record),
        message=_("The boundary is saved."),
        template="plans/boundary_form.html",
        boundary=instance,
        done=lambda boundary: reverse("plans:boundary_detail", args=[membership.circle_id, boundary.id]),
    )


@circle_view
def boundary_create(request, membership):
    return _boundary_form_view(request, membership)


@circle_view
def boundary_edit(request, membership, boundary_id):
    return _boundary_form_view(
        request,
        membership,
        get_visible_or_404(Boundary, request.user, for_edit=True, circle=membership.circle, pk=boundary_id),
    )


def _boundary_page(request, membership, boundary, test_form, status=200):
    record_view(request.user, boundary)
    return render(
        request,
        "plans/boundary_detail.html",
        circle_context(
            membership,
            boundary=boundary,
            test_form=test_form,
            tests=boundary.tests.select_related("recorded_by"),
        ),
        status=status,
    )


@circle_view
def boundary_detail(request, membership, boundary_id):
    boundary = get_visible_or_404(Boundary, request.user, circle=membership.circle, pk=boundary_id)
    return _boundary_page(
        request,
        membership,
        boundary,
        BoundaryTestForm(initial={"happened_on": local_today(membership.circle.time_zone)}),
    )


@circle_view
@require_POST
def boundary_test(request, membership, boundary_id):
    boundary = get_visible_or_404(Boundary, request.user, circle=membership.circle, pk=boundary_id)
    form = BoundaryTestForm(request.POST, today=local_today(membership.circle.time_zone))
    if form.is_valid():
        services.log_boundary_test(request.user, boundary, **form.cleaned_data)
        messages.success(request, _("Noted. Holding a boundary is hard; every time counts."))
        return redirect("plans:boundary_detail", circle_id=membership.circle_id, boundary_id=boundary.id)
    return _boundary_page(request, membership, boundary, form)


boundary_delete = record_delete_view(
    Boundary,
    kwarg="boundary_id",
    delete=services.delete_record,
    message=gettext_lazy("The boundary is deleted."),
    done=lambda boundary: reverse("plans:boundaries", args=[boundary.circle_id]),
    template="plans/confirm_delete.html",
    context=lambda boundary: {
        "what": boundary.what,
        "back": reverse("plans:boundary_detail", args=[boundary.circle_id, boundary.id]),
    },
)


# --- Conversation plans ----------------------------------------------------------------------------


@circle_view
def conversations(request, membership):
    items = (
        ConversationPlan.objects.visible_to(request.user)
        .in_circle(membership.circle)
        .select_related("author")
    )
    return render(request, "plans/conversations.html", circle_context(membership, items=items))


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
        role=membership.role,
    )
    if request.method == "POST" and "check" in request.POST:
        # "Check my wording" without JavaScript: show the hints, save nothing.
        flags = check_statement(request.POST.get("i_statements", ""))
        initial = request.POST.dict() | {"shortlist": request.POST.getlist("shortlist")}
        form = ConversationPlanForm(initial=initial, instance=instance, shortlist=shortlist)
        form.initial["visibility"] = request.POST.get("visibility")  # what was typed, not the saved choice
        return render(
            request,
            "plans/conversation_form.html",
            circle_context(membership, form=form, plan=instance, flags=flags, checked=True),
        )
    if form.is_bound:
        form.is_valid()  # runs the wording check: the page shows its hints when the form comes back
    return form_page(
        request,
        membership,
        form,
        save=lambda form: save_record_form(request, membership, form, services.save_record),
        message=_("Your conversation plan is saved."),
        template="plans/conversation_form.html",
        plan=instance,
        done=lambda plan: reverse("plans:conversation_detail", args=[membership.circle_id, plan.id]),
        flags=form.flags,
    )


@circle_view
def conversation_create(request, membership):
    return _conversation_form_view(request, membership)


@circle_view
def conversation_edit(request, membership, plan_id):
    return _conversation_form_view(
        request,
        membership,
        get_visible_or_404(
            ConversationPlan, request.user, for_edit=True, circle=membership.circle, pk=plan_id
        ),
    )


def _conversation_page(request, membership, plan, outcome_form):
    record_view(request.user, plan)
    return render(
        request,
        "plans/conversation_detail.html",
        circle_context(membership, plan=plan, outcome_form=outcome_form, outcomes=plan.outcomes.all()),
    )


@circle_view
def conversation_detail(request, membership, plan_id):
    plan = get_visible_or_404(ConversationPlan, request.user, circle=membership.circle, pk=plan_id)
    form = (
        OutcomeForm(initial={"happened_on": local_today(membership.circle.time_zone)})
        if plan.can_edit(request.user)
        else None
    )
    return _conversation_page(request, membership, plan, form)


@circle_view
def conversation_rehearse(request, membership, plan_id):
    plan = read_record_or_404(request, membership, ConversationPlan, plan_id)
    return render(request, "plans/conversation_rehearse.html", circle_context(membership, plan=plan))


@circle_view
@require_POST
def conversation_outcome(request, membership, plan_id):
    plan = get_visible_or_404(
        ConversationPlan, request.user, for_edit=True, circle=membership.circle, pk=plan_id
    )
    form = OutcomeForm(request.POST, today=local_today(membership.circle.time_zone))
    if form.is_valid():
        services.log_conversation_outcome(request.user, plan, **form.cleaned_data)
        messages.success(request, _("Noted. Whatever happened, you tried, and that matters."))
        return redirect("plans:conversation_detail", circle_id=membership.circle_id, plan_id=plan.id)
    return _conversation_page(request, membership, plan, form)


conversation_delete = record_delete_view(
    ConversationPlan,
    kwarg="plan_id",
    delete=services.delete_record,
    message=gettext_lazy("The conversation plan is deleted."),
    done=lambda plan: reverse("plans:conversations", args=[plan.circle_id]),
    template="plans/confirm_delete.html",
    context=lambda plan: {
        "what": plan.goal,
        "back": reverse("plans:conversation_detail", args=[plan.circle_id, plan.id]),
    },
)


@circle_view
@require_POST
def ichecks(request, membership):
    """The htmx check as you type: the hints for the I-statements field, as a fragment."""
    form = CheckForm(request.POST)
    text = form.cleaned_data["i_statements"] if form.is_valid() else ""
    return render(
        request,
        "plans/_ichecks.html",
        circle_context(membership, flags=check_statement(text), checked=bool(text)),
    )


# --- The relapse-prevention plan -------------------------------------------------------------------


@circle_view
@_person_read_once
def relapse_plan(request, membership):
    plan = services.current_relapse_plan(membership)
    earlier = services.earlier_relapse_plan(membership) if plan is None else None
    if plan is not None:
        record_view(request.user, plan)
    return render(
        request,
        "plans/relapse_plan.html",
        circle_context(
            membership,
            plan=plan,
            earlier=earlier,
            may_edit=services.may_edit_relapse_plan(membership),
            person=services.person_in(membership.circle),
        ),
    )


@circle_view
@_person_read_once
def relapse_plan_edit(request, membership):
    if not services.may_edit_relapse_plan(membership):
        raise Http404
    plan = services.current_relapse_plan(membership)
    if plan is not None and not plan.can_edit(request.user):
        plan = None  # another organiser's plan: this organiser starts from their own
    person_is_author = membership.role == Role.PERSON
    initial = {}
    earlier = services.earlier_relapse_plan(membership) if plan is None else None
    if earlier is not None:
        initial.update(earlier.sections())  # start from the plan kept before the person joined
    form = RelapsePlanForm(
        request.POST or None,
        instance=plan,
        person_is_author=person_is_author,
        initial=initial,
        role=membership.role,
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
        return redirect("plans:relapse_plan", circle_id=membership.circle_id)
    return render(
        request,
        "plans/relapse_plan_form.html",
        circle_context(membership, form=form, plan=plan, person_is_author=person_is_author),
    )


@circle_view
def relapse_plan_history(request, membership, plan_id):
    plan = read_record_or_404(request, membership, RelapsePlan, plan_id)
    return render(
        request,
        "plans/relapse_plan_history.html",
        circle_context(membership, plan=plan, history=services.version_history(plan, request.user)),
    )


@circle_view
def relapse_plan_print(request, membership, plan_id):
    plan = read_record_or_404(request, membership, RelapsePlan, plan_id)
    version = services.latest_version_for(plan, request.user)
    return render(
        request, "plans/relapse_plan_print.html", circle_context(membership, plan=plan, version=version)
    )


@circle_view
def relapse_plan_pdf(request, membership, plan_id):
    plan = read_record_or_404(request, membership, RelapsePlan, plan_id)
    version = services.latest_version_for(plan, request.user)
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


@circle_view
@_person_read_once
def goal(request, membership):
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
            role=membership.role,
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
            return redirect("plans:goal", circle_id=membership.circle_id)
    elif current is not None and services.may_update_persons_goal(membership, current):
        form = PersonsGoalForm(request.POST or None, instance=current)
        if request.method == "POST" and form.is_valid():
            services.update_persons_goal(
                request.user,
                membership,
                PersonalGoal.objects.get(pk=current.pk),
                choice=form.cleaned_data["choice"],
                in_their_words=form.cleaned_data["in_their_words"],
            )
            messages.success(
                request, _("The goal is saved. The person sees that you changed it, and can undo it.")
            )
            return redirect("plans:goal", circle_id=membership.circle_id)
    elif request.method == "POST":
        raise Http404
    if current is not None:
        record_view(request.user, current)
    return render(
        request,
        "plans/goal.html",
        circle_context(
            membership,
            goal=current,
            form=form,
            person_is_author=person_is_author,
            person=services.person_in(membership.circle),
            changes=story.changes_to(current)[:10] if current is not None else [],
        ),
    )
