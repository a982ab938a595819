from __future__ import annotations

import json
from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from alongside.audit.services import record_view
from alongside.circles.access import (
    circle_context,
    circle_view,
    form_page,
    record_delete_view,
    save_record_form,
)
from alongside.circles.models import Role
from alongside.circles.records import get_visible_or_404, visibility_q
from alongside.core.zones import local_today
from alongside.safety import content, risk, services
from alongside.safety.forms import KitForm, RiskEventForm, SafetyPlanForm, WishesForm
from alongside.safety.models import (
    SAFE_HOME_ITEMS,
    EmergencyWishes,
    NaloxoneKit,
    RiskEvent,
    SafeHomeTick,
    SafetyPlan,
    TrainedMember,
)

COUNTRY_COOKIE = "alongside_country"


def _language() -> str:
    return (translation.get_language() or "en")[:2]


@require_GET
@cache_control(public=True, max_age=300)
def emergency(request):
    """The overdose response page: public, lean, and usable offline after one visit."""
    language = _language()
    code = (
        request.GET.get("country")
        or request.COOKIES.get(COUNTRY_COOKIE)
        or content.country_from_accept_language(request.headers.get("Accept-Language", ""))
    )
    country = content.country_for(language, code)
    text = content.page_text(language)
    response = render(
        request,
        "safety/emergency.html",
        {
            "text": text,
            "country": country,
            "countries": content.countries(language),
            "call_label": text["call_label"].replace("{number}", country.number)
            if country
            else text["call_local"],
            "reviewed": text["reviewed_label"].replace("{date}", str(text["reviewed"])),
        },
    )
    if request.GET.get("country") and country and country.code == request.GET["country"].upper():
        response.set_cookie(COUNTRY_COOKIE, country.code, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@require_GET
def service_worker(request):
    """Caches the emergency page and its files so it opens with the network off."""
    page = reverse("safety:emergency")
    assets = [
        page,
        static("safety/emergency.css"),
        static("safety/emergency.js"),
        static("alongside/img/icon.svg"),
        reverse("safety:manifest"),
    ]
    body = render(
        request,
        "safety/sw.js",
        {
            "cache_name": f"alongside-emergency-{_language()}-{content.version()}",
            "page": page,
            "assets": json.dumps(assets),
        },
        content_type="application/javascript",
    )
    body["Cache-Control"] = "no-cache"
    body["Service-Worker-Allowed"] = page
    return body


@require_GET
def manifest(request):
    text = content.page_text(_language())
    data = {
        "name": text["title"],
        "short_name": "SOS",
        "start_url": reverse("safety:emergency"),
        "scope": reverse("safety:emergency"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#a4161a",
        "icons": [{"src": static("alongside/img/icon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return HttpResponse(json.dumps(data), content_type="application/manifest+json")


# --- Inside a circle: kits, risk periods, the safety plan -------------------------------------------


@circle_view
def kits(request, membership):
    circle = membership.circle
    today = local_today(circle.time_zone)
    form = KitForm(request.POST or None, today=today, role=membership.role)
    if request.method == "POST" and form.is_valid():
        save_record_form(request, membership, form, services.save_record)
        messages.success(request, _("The kit is recorded."))
        return redirect("safety:kits", circle_id=membership.circle_id)
    # The list shows where, what, how many and until when: the notes (and the author's account)
    # are not read, so not decrypted.
    items = list(NaloxoneKit.objects.visible_to(request.user).in_circle(circle).defer("notes"))
    for kit in items:
        kit.left = kit.days_left(today)
        kit.is_expiring = kit.expiring(today)
    trained = TrainedMember.objects.filter(circle=circle).select_related("user")
    return render(
        request,
        "safety/kits.html",
        circle_context(
            membership,
            form=form,
            kits=items,
            trained=trained,
            i_am_trained=any(t.user_id == request.user.pk for t in trained),
        ),
    )


@circle_view
def kit_edit(request, membership, kit_id):
    kit = get_visible_or_404(NaloxoneKit, request.user, for_edit=True, circle=membership.circle, pk=kit_id)
    if request.method == "GET":
        record_view(request.user, kit)
    return form_page(
        request,
        membership,
        KitForm(
            request.POST or None,
            instance=kit,
            today=local_today(membership.circle.time_zone),
            role=membership.role,
        ),
        save=lambda form: save_record_form(request, membership, form, services.save_record),
        message=_("The kit is updated."),
        done=lambda _saved: reverse("safety:kits", args=[membership.circle_id]),
        template="safety/form.html",
        heading=_("Naloxone kit"),
        record=kit,
    )


kit_delete = record_delete_view(
    NaloxoneKit,
    kwarg="kit_id",
    delete=services.delete_record,
    message=gettext_lazy("The kit is removed."),
    done=lambda kit: reverse("safety:kits", args=[kit.circle_id]),
)


@circle_view
@require_POST
def trained(request, membership):
    services.set_trained(request.user, membership.circle, request.POST.get("trained") == "1")
    return redirect("safety:kits", circle_id=membership.circle_id)


@circle_view
def risks(request, membership):
    circle = membership.circle
    today = local_today(circle.time_zone)
    form = RiskEventForm(
        request.POST or None, today=today, initial={"started_on": today}, role=membership.role
    )
    if request.method == "POST" and form.is_valid():
        save_record_form(
            request, membership, form, lambda actor, event, created: services.add_risk_event(actor, event)
        )
        messages.success(request, _("Noted. The circle home shows what to do while the risk lasts."))
        return redirect("safety:risks", circle_id=membership.circle_id)
    events = list(RiskEvent.objects.visible_to(request.user).in_circle(circle).select_related("author"))
    language = (translation.get_language() or "en")[:2]
    return render(
        request,
        "safety/risks.html",
        circle_context(
            membership,
            form=form,
            events=events,
            notices=risk.notices(events, today, language),
            advice=risk.advice(language),
            sources=risk.rules()["sources"],
        ),
    )


risk_delete = record_delete_view(
    RiskEvent,
    kwarg="event_id",
    delete=services.delete_record,
    done=lambda event: reverse("safety:risks", args=[event.circle_id]),
)


@circle_view
def plan(request, membership):
    circle = membership.circle
    may_edit = membership.role != Role.PROFESSIONAL
    # The circle's plan is shared with its professionals only while the circle lets them see
    # what is shared (the person decides that): off means nothing but the member list.
    shows_circle_plan = membership.role != Role.PROFESSIONAL or circle.professionals_may_see
    current = SafetyPlan.objects.filter(circle=circle).first()
    plan_form = SafetyPlanForm(request.POST if request.POST.get("form") == "plan" else None, instance=current)
    wishes_form = None
    if membership.role == Role.PERSON:  # only the person writes wishes: nobody else's are looked for
        own_wishes = EmergencyWishes.objects.filter(circle=circle, author=request.user).first()
        wishes_form = WishesForm(
            request.POST if request.POST.get("form") == "wishes" else None,
            instance=own_wishes,
            role=membership.role,
        )
    if request.method == "POST":
        if not may_edit:
            raise Http404
        if plan_form.is_bound and plan_form.is_valid():
            services.save_plan(request.user, circle, plan_form.cleaned_data["who_to_call"])
            messages.success(request, _("The safety plan is saved."))
            return redirect("safety:plan", circle_id=membership.circle_id)
        if wishes_form is not None and wishes_form.is_bound and wishes_form.is_valid():
            save_record_form(request, membership, wishes_form, services.save_record)
            messages.success(request, _("Your wishes are saved, and shared only as you chose."))
            return redirect("safety:plan", circle_id=membership.circle_id)
    visible = visibility_q(request.user)  # read once for the wishes and the kits
    shared_wishes = EmergencyWishes.objects.filter(visible).in_circle(circle).exclude(author=request.user)
    ticks = {t.item: t for t in SafeHomeTick.objects.filter(circle=circle).select_related("ticked_by")}
    checklist = [{"key": key, "label": label, "tick": ticks.get(key)} for key, label in SAFE_HOME_ITEMS]
    holders = NaloxoneKit.objects.filter(visible).in_circle(circle).defer("notes")  # where and how many
    return render(
        request,
        "safety/plan.html",
        circle_context(
            membership,
            plan=current,
            plan_form=plan_form,
            wishes_form=wishes_form,
            shared_wishes=shared_wishes,
            checklist=checklist if shows_circle_plan else [],
            may_edit=may_edit,
            kits=holders,
            shows_circle_plan=shows_circle_plan,
            trained=TrainedMember.objects.filter(circle=circle).select_related("user"),
        ),
    )


@circle_view(roles=(Role.ORGANISER, Role.SUPPORTER, Role.PERSON))
@require_POST
def plan_tick(request, membership, item):
    if item not in dict(SAFE_HOME_ITEMS):
        raise Http404
    services.toggle_tick(request.user, membership.circle, item)
    return redirect("safety:plan", circle_id=membership.circle_id)


def home_panel_context(*, circle, membership, user) -> dict:
    today = local_today(circle.time_zone)
    language = (translation.get_language() or "en")[:2]
    kits_soon = [k for k in NaloxoneKit.objects.visible_to(user).in_circle(circle) if k.expiring(today)]
    for kit in kits_soon:
        kit.left = kit.days_left(today)
    events = (
        RiskEvent.objects.visible_to(user)
        .in_circle(circle)
        .filter(started_on__gte=today - timedelta(days=60))
    )
    return {
        "kits_soon": kits_soon,
        "notices": risk.notices(events, today, language),
        "advice": risk.advice(language),
    }
