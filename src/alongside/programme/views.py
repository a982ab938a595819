from __future__ import annotations

import datetime

from django.contrib import messages
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.circles.access import (
    SUPPORTING_ROLES,
    circle_context,
    circle_view,
    form_page,
    read_record_or_404,
    record_delete_view,
    save_record_form,
)
from alongside.circles.records import Visibility, get_visible_or_404
from alongside.core import links
from alongside.core.authz import role_may_open
from alongside.core.zones import local_today, zone
from alongside.programme import content, services
from alongside.programme.forms import FORMS, OutcomeForm, PracticeForm
from alongside.programme.models import Practice, Worksheet

STATUS_LABELS = {
    services.NOT_STARTED: gettext_lazy("Not started"),
    services.WORKSHEET_SAVED: gettext_lazy("Worksheet saved"),
    services.PRACTISING: gettext_lazy("Practising"),
    services.DONE: gettext_lazy("Done"),
}


def _skill_or_404(slug):
    skill = content.skill_or_none(slug)
    if skill is None:
        raise Http404
    return skill


def _app_link(feature: str, membership) -> str | None:
    return links.resolve(f"app:{feature}", membership.circle_id, membership.role)


def _circle_link(url_name: str, membership) -> str | None:
    if not role_may_open(url_name, membership.role):
        return None
    return reverse(url_name, args=[membership.circle_id])


@circle_view(roles=SUPPORTING_ROLES)
def index(request, membership):
    found = services.progress(request.user, membership.circle)
    data = content.current()
    skills = [
        {"skill": s, "status": found.statuses[s.slug], "status_label": STATUS_LABELS[found.statuses[s.slug]]}
        for s in data.skills
    ]
    next_practice = found.next_practice
    return render(
        request,
        "programme/index.html",
        circle_context(
            membership,
            skills=skills,
            next_practice=next_practice,
            next_skill=data.skill(next_practice.skill) if next_practice else None,
            done_count=sum(1 for s in skills if s["status"] == services.DONE),
            shared_url=reverse("programme:shared", args=[membership.circle_id]),
        ),
    )


@circle_view(roles=SUPPORTING_ROLES)
def skill_page(request, membership, slug):
    skill = _skill_or_404(slug)
    circle = membership.circle
    worksheet = Worksheet.objects.filter(circle=circle, author=request.user, skill=slug).first()
    practices = [p for p in services.own_practices(request.user, circle) if p.skill == slug]
    today = local_today(request.user.time_zone)
    current = services.open_practice(practices)
    # The next visit picks up where the last practice ended: "How did it go?" comes first for a
    # practice planned on an earlier day or whose day has come.
    ask = (
        current
        if current is not None
        and (
            current.due_on <= today
            or current.created_at.astimezone(zone(request.user.time_zone)).date() < today
        )
        else None
    )
    others, _practices = services.shared_with(request.user, circle)
    return render(
        request,
        "programme/skill.html",
        circle_context(
            membership,
            skill=skill,
            html={f: skill.html(f, circle.id, membership.role) for f in content.MARKDOWN_FIELDS},
            reviewed=content.current().reviewed,
            related=_related(skill),
            worksheet=worksheet,
            worksheet_view=_worksheet_view(request.user, membership, slug, worksheet) if worksheet else None,
            current=current,
            ask=ask,
            outcome_form=OutcomeForm() if ask or current else None,
            past=[p for p in practices if not p.is_open],
            shared=[w for w in others if w.skill == slug],
        ),
    )


def _related(skill):
    from alongside.library import content as library

    articles = library.load(content.active_language()).articles
    return [
        (articles[slug].title, links.resolve(f"article:{slug}")) for slug in skill.related if slug in articles
    ]


def _form_for(user, membership, slug, worksheet, data=None):
    """The skill's worksheet form; natural consequences offers the guide and the boundaries
    this member may read."""
    extra = {}
    if slug == "natural-consequences":
        extra = {
            "situations": services.guide_situations(),
            "boundaries": services.visible_boundaries(user, membership.circle),
        }
    return FORMS[slug](data, worksheet=worksheet, **extra)


def _worksheet_view(user, membership, slug, worksheet) -> dict:
    """The saved answers as (label, value) pairs, with the I-statement check beside rewrites."""
    form = _form_for(user, membership, slug, worksheet)
    groups = []
    for legend, fields in form.groups():
        rows = []
        for field in fields:
            value = (worksheet.answers or {}).get(field.name)
            if value in (None, "", []):
                continue
            if field.name == "step_date":
                value = formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
            if isinstance(value, list):
                labels = dict(field.field.choices)
                value = ", ".join(str(labels[v]) for v in value if v in labels)
                if not value:
                    continue
            feedback = services.statement_feedback(value) if field.name.startswith("rewrite_") else None
            rows.append({"label": field.label, "value": value, "feedback": feedback})
        if rows:
            groups.append({"legend": legend, "rows": rows})
    return {"groups": groups}


def _beside(request, membership, slug) -> dict:
    """What the other apps offer beside a worksheet, only what this member may read or open."""
    circle, user = membership.circle, request.user
    beside = {}
    if slug == "understanding-use":
        beside["suggestions"] = services.journal_suggestions(user, circle)
        beside["journal_url"] = _app_link("journal", membership)
    elif slug == "staying-safe":
        beside["safety_plan_url"] = _circle_link("safety:plan", membership)
        beside["emergency_url"] = _app_link("emergency", membership)
    elif slug == "rewarding-non-use":
        beside["rewards_url"] = _app_link("rewards", membership)
    elif slug == "natural-consequences":
        beside["boundaries_url"] = _app_link("boundaries", membership)
        beside["guide_url"] = links.resolve("article:enabling-or-supporting")
    elif slug == "your-own-life":
        beside["self_care_url"] = _app_link("self_care", membership)
    elif slug == "inviting-to-treatment":
        beside["shortlist"] = services.shortlist(user, circle)
        beside["shortlist_url"] = _circle_link("directory:shortlist", membership)
        beside["treatment_url"] = _app_link("treatment_search", membership)
    elif slug == "positive-communication":
        beside["planner_url"] = _app_link("conversation_planner", membership)
    return beside


@circle_view(roles=SUPPORTING_ROLES)
def worksheet(request, membership, slug):
    """The member's own worksheet for a skill: written here the first time, changed here after."""
    skill = _skill_or_404(slug)
    circle = membership.circle
    existing = Worksheet.objects.filter(circle=circle, author=request.user, skill=slug).first()
    form = _form_for(request.user, membership, slug, existing, request.POST or None)
    checking = request.method == "POST" and "check" in request.POST
    if request.method == "POST" and not checking and form.is_valid():
        try:
            services.save_worksheet(
                request.user,
                circle,
                slug,
                worksheet=existing,
                answers=form.answers(),
                notes=form.cleaned_data["notes"],
                visibility=form.cleaned_data["visibility"],
            )
        except IntegrityError:  # saved twice at once: the first one stands
            pass
        messages.success(request, _("Your worksheet is saved."))
        return redirect(reverse("programme:skill", args=[circle.id, slug]) + "#worksheet")
    feedback = []
    if slug == "positive-communication":
        if checking:
            form.is_valid()
        texts = form.rewrites()
        feedback = [(text, services.statement_feedback(text)) for text in texts if text]
    return render(
        request,
        "programme/worksheet_form.html",
        circle_context(
            membership,
            skill=skill,
            form=form,
            worksheet=existing,
            feedback=feedback,
            beside=_beside(request, membership, slug),
        ),
    )


@circle_view
def worksheet_detail(request, membership, worksheet_id):
    """A worksheet someone shared (or one's own), read-only."""
    record = read_record_or_404(request, membership, Worksheet, worksheet_id)
    skill = _skill_or_404(record.skill)
    return render(
        request,
        "programme/worksheet_detail.html",
        circle_context(
            membership,
            record=record,
            skill=skill,
            view=_worksheet_view(request.user, membership, record.skill, record),
        ),
    )


worksheet_delete = record_delete_view(
    Worksheet,
    kwarg="worksheet_id",
    delete=services.delete_record,
    message=gettext_lazy("The worksheet is deleted."),
    done=lambda w: reverse("programme:skill", args=[w.circle_id, w.skill]),
    template="programme/confirm_delete.html",
    context=lambda w: {"record": w, "what": _("this worksheet")},
    roles=SUPPORTING_ROLES,
)


@circle_view(roles=SUPPORTING_ROLES)
def practice_create(request, membership, slug):
    skill = _skill_or_404(slug)
    circle = membership.circle
    practice = Practice(circle=circle, author=request.user, skill=slug)
    form = PracticeForm(
        request.POST or None,
        instance=practice,
        user=request.user,
        initial={"what": skill.practice_text, "visibility": Visibility.ONLY_ME},
    )
    return form_page(
        request,
        membership,
        form,
        save=lambda f: save_record_form(
            request,
            membership,
            f,
            lambda actor, record, created: services.save_practice(actor, record, created=created),
        ),
        message=_("Your practice is saved."),
        done=lambda p: reverse("programme:skill", args=[circle.id, slug]) + "#practice",
        template="programme/practice_form.html",
        skill=skill,
    )


@circle_view
def practice_detail(request, membership, practice_id):
    record = read_record_or_404(request, membership, Practice, practice_id)
    return render(
        request,
        "programme/practice_detail.html",
        circle_context(membership, record=record, skill=_skill_or_404(record.skill)),
    )


@circle_view(roles=SUPPORTING_ROLES)
def practice_edit(request, membership, practice_id):
    practice = get_visible_or_404(
        Practice, request.user, for_edit=True, circle=membership.circle, pk=practice_id
    )
    skill = _skill_or_404(practice.skill)
    return form_page(
        request,
        membership,
        PracticeForm(request.POST or None, instance=practice, user=request.user),
        save=lambda f: save_record_form(
            request,
            membership,
            f,
            lambda actor, record, created: services.save_practice(actor, record, created=created),
        ),
        message=_("Your practice is saved."),
        done=lambda p: reverse("programme:skill", args=[membership.circle_id, p.skill]) + "#practice",
        template="programme/practice_form.html",
        skill=skill,
        practice=practice,
    )


@circle_view(roles=SUPPORTING_ROLES)
def practice_outcome(request, membership, practice_id):
    """ "How did it go?": a POST marks the practice done; the form lives on the skill page."""
    practice = get_visible_or_404(
        Practice, request.user, for_edit=True, circle=membership.circle, pk=practice_id
    )
    if request.method != "POST":
        return redirect(
            reverse("programme:skill", args=[membership.circle_id, practice.skill]) + "#how-did-it-go"
        )
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        skill = _skill_or_404(practice.skill)
        return render(
            request,
            "programme/outcome_form.html",
            circle_context(membership, form=form, practice=practice, skill=skill),
        )
    services.record_outcome(
        request.user, practice, outcome=form.cleaned_data["outcome"], notes=form.cleaned_data["outcome_notes"]
    )
    messages.success(request, _("Thank you. Your practice is marked done."))
    return redirect(reverse("programme:skill", args=[membership.circle_id, practice.skill]) + "#practice")


practice_delete = record_delete_view(
    Practice,
    kwarg="practice_id",
    delete=services.delete_record,
    message=gettext_lazy("The practice is deleted."),
    done=lambda p: reverse("programme:skill", args=[p.circle_id, p.skill]),
    template="programme/confirm_delete.html",
    context=lambda p: {"record": p, "what": _("this practice")},
    roles=SUPPORTING_ROLES,
)


@circle_view
def shared(request, membership):
    """What other members shared from the programme with this member."""
    worksheets, practices = services.shared_with(request.user, membership.circle)
    data = content.current()
    return render(
        request,
        "programme/shared.html",
        circle_context(
            membership,
            worksheets=[(w, data.skill(w.skill)) for w in worksheets],
            practices=[(p, data.skill(p.skill)) for p in practices],
        ),
    )


def home_panel_context(*, circle, membership, user) -> dict:
    """The circle home card: the member's own open practice, or the first skill not started."""
    found = services.progress(user, circle)
    data = content.current()
    practice = found.next_practice
    return {
        "practice": practice,
        "practice_skill": data.skill(practice.skill) if practice else None,
        "past_due": practice.due_on < local_today(user.time_zone, timezone.now()) if practice else False,
        "next_skill": data.skill(found.first_not_started) if found.first_not_started else None,
    }
