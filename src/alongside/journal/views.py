from __future__ import annotations

import csv
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from alongside.audit.models import Action
from alongside.audit.services import record_event
from alongside.circles.access import (
    ORGANISERS,
    SUPPORTING_ROLES,
    circle_context,
    circle_view,
    confirm_delete,
    form_page,
    read_record_or_404,
    save_record_form,
)
from alongside.circles.models import Membership
from alongside.circles.records import default_visibility, get_visible_or_404, visibility_q
from alongside.core.zones import local_today, zone, zone_label
from alongside.journal import patterns, printing, services
from alongside.journal.forms import (
    CheckInForm,
    ContactForm,
    ObservationForm,
    PlanForm,
    PrintPeriodForm,
    QuickContactForm,
    SettingsForm,
    TimelineFilterForm,
)
from alongside.journal.models import Contact, JournalSettings, Observation, SelfCarePlan
from alongside.journal.selfcare import HIGH_STRESS, RUN_LENGTH, strain_stays_high
from alongside.journal.signs import ARTICLE_SLUG, GROUPS, labels_for
from alongside.journal.timeline import Filters, timeline_page


def _circle_tz(membership):
    return timezone.override(membership.circle.time_zone)


def _signs_url():
    return patterns.optional_url("library:article", ARTICLE_SLUG)


# --- Timeline -------------------------------------------------------------------------------------


@circle_view
def timeline(request, membership):
    circle = membership.circle
    members = Membership.objects.active().filter(circle=circle).select_related("user")
    form = TimelineFilterForm(request.GET or None, members=members)
    filters = Filters()
    if form.is_valid():
        d = form.cleaned_data
        filters = Filters(
            kind=d.get("kind") or "", author_id=form.author_id(), since=d.get("since"), until=d.get("until")
        )
    visible = visibility_q(request.user)  # read once, for the page and the contact notice
    page = timeline_page(
        request.user,
        circle,
        filters,
        before=request.GET.get("before"),
        after=request.GET.get("after"),
        visible=visible,
        authors={m.user_id: m.user for m in members},
    )
    filtered = any(request.GET.get(name) for name in ("kind", "member", "since", "until"))
    can_write = membership.role in SUPPORTING_ROLES
    status = services.contact_status(request.user, circle, visible=visible) if can_write else None
    with _circle_tz(membership):
        return render(
            request,
            "journal/timeline.html",
            circle_context(
                membership, page=page, form=form, can_write=can_write, status=status, filtered=filtered
            ),
        )


# --- Observations and contacts --------------------------------------------------------------------

ENTRY_KINDS = {
    "observation": (Observation, ObservationForm),
    "contact": (Contact, ContactForm),
}


def _entry_form_view(request, membership, kind, instance=None):
    model, form_class = ENTRY_KINDS[kind]
    circle = membership.circle
    with _circle_tz(membership):
        initial = {}
        if instance is None:
            initial["observed_at" if kind == "observation" else "contacted_at"] = (
                timezone.localtime().replace(second=0, microsecond=0)
            )
        form = form_class(
            request.POST or None,
            instance=instance,
            initial=initial,
            today=local_today(circle.time_zone),
            role=membership.role,
        )
        at_field = "observed_at" if kind == "observation" else "contacted_at"
        form.fields[at_field].help_text = _("On the circle's clock (%(zone)s).") % {
            "zone": zone_label(circle.time_zone)
        }
        if request.method == "POST" and form.is_valid():
            save_record_form(request, membership, form, services.save_entry)
            messages.success(request, _("Saved. It is on the timeline."))
            return redirect("journal:timeline", circle_id=circle.id)
        if request.method == "POST":
            messages.error(
                request,
                _("Nothing is saved yet. Please check the fields marked below; what you typed is kept."),
            )
        template = "journal/observation_form.html" if kind == "observation" else "journal/contact_form.html"
        return render(
            request,
            template,
            circle_context(membership, form=form, record=instance, signs_url=_signs_url(), groups=GROUPS),
        )


def _own_entry(request, membership, kind, entry_id):
    model, _form = ENTRY_KINDS[kind]
    queryset = model.objects.select_related("author")
    return get_visible_or_404(queryset, request.user, for_edit=True, circle=membership.circle, pk=entry_id)


@circle_view(roles=SUPPORTING_ROLES)
def observation_create(request, membership):
    return _entry_form_view(request, membership, "observation")


@circle_view(roles=SUPPORTING_ROLES)
def contact_create(request, membership):
    if request.method == "POST" and "quick" in request.POST:
        quick = QuickContactForm(request.POST)
        if quick.is_valid():
            services.record_contact(
                request.user,
                membership.circle,
                how=quick.cleaned_data["how"],
                visibility=default_visibility(membership.role),
            )
            messages.success(
                request, _("Contact recorded for now. You can add how they seemed from the timeline.")
            )
        else:
            messages.error(request, _("Choose how you were in contact."))
        next_url = request.POST.get("next", "")
        if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
            return redirect(next_url)
        return redirect("journal:timeline", circle_id=membership.circle_id)
    return _entry_form_view(request, membership, "contact")


@circle_view
def entry_detail(request, membership, kind, entry_id):
    """An observation's or a contact's page; ``kind`` comes from the URL pattern."""
    model, _form = ENTRY_KINDS[kind]
    record = read_record_or_404(request, membership, model.objects.select_related("author"), entry_id)
    with _circle_tz(membership):
        return render(
            request,
            "journal/entry_detail.html",
            circle_context(
                membership, entry=record, kind=kind, sign_labels=labels_for(getattr(record, "signs", ()))
            ),
        )


@circle_view
def entry_edit(request, membership, kind, entry_id):
    record = _own_entry(request, membership, kind, entry_id)
    return _entry_form_view(request, membership, kind, instance=record)


@circle_view
def entry_delete(request, membership, kind, entry_id):
    record = _own_entry(request, membership, kind, entry_id)
    with _circle_tz(membership):
        return confirm_delete(
            request,
            membership,
            record,
            delete=services.delete_entry,
            message=_("The entry is deleted."),
            done=reverse("journal:timeline", args=[membership.circle_id]),
            template="journal/confirm_delete.html",
            entry=record,
            kind=kind,
        )


# --- Patterns -------------------------------------------------------------------------------------


@circle_view
def pattern_view(request, membership):
    circle = membership.circle
    today = local_today(circle.time_zone)
    starts, series = patterns.load_series(request.user, circle, today)
    labels = [formats.date_format(d, "SHORT_DATE_FORMAT") for d in starts]
    span = {"first": labels[0], "last": labels[-1]}
    charts = []
    for group in GROUPS:
        values = series.groups[group.key]
        charts.append(
            patterns.bar_chart(
                group.key,
                str(group.title),
                _(
                    "%(signs)s noted each week, for the twelve weeks from %(first)s to %(last)s. The table below gives the numbers."
                )
                % {"signs": str(group.title), **span},
                labels,
                values,
            )
        )
    charts.append(
        patterns.bar_chart(
            "contacts",
            _("Contacts"),
            _(
                "Contacts recorded each week, for the twelve weeks from %(first)s to %(last)s. The table below gives the numbers."
            )
            % span,
            labels,
            series.contacts,
        )
    )
    charts.append(
        patterns.bar_chart(
            "money",
            _("Money missing"),
            _(
                "Money missing each week, for the twelve weeks from %(first)s to %(last)s. The table below gives the amounts."
            )
            % span,
            labels,
            series.money,
            [formats.number_format(v, 2) for v in series.money],
        )
    )
    findings = patterns.findings(series)
    links = {
        "signs": _signs_url(),
        "contact_article": patterns.optional_url("library:article", "staying-in-contact"),
        "planner": patterns.optional_url("plans:conversations", circle.id),
    }
    rows = [
        {"label": label, "values": [c["bars"][i]["value"] for c in charts]} for i, label in enumerate(labels)
    ]
    return render(
        request,
        "journal/patterns.html",
        circle_context(membership, charts=charts, findings=findings, links=links, rows=rows),
    )


# --- Export of one's own journal ------------------------------------------------------------------


def _own_entries(user, circle, start=None, end=None):
    """Every entry the user wrote in the circle, oldest first (the exports print them all; the
    record's own timestamps are not printed, so they are not read). With ``start`` and ``end``
    (aware times, either may be open) only the entries from ``start`` and before ``end``: chosen in
    SQL on the indexed time, so the entries outside are never read nor decrypted."""
    visible = visibility_q(user)
    unread = ("created_at", "updated_at")

    def period(field):
        bounds = {}
        if start is not None:
            bounds[f"{field}__gte"] = start
        if end is not None:
            bounds[f"{field}__lt"] = end
        return bounds

    observations = list(
        Observation.objects.filter(visible)
        .in_circle(circle)
        .filter(author=user, **period("observed_at"))
        .defer(*unread)
        .order_by("observed_at")
    )
    contacts = list(
        Contact.objects.filter(visible)
        .in_circle(circle)
        .filter(author=user, **period("contacted_at"))
        .defer(*unread)
        .order_by("contacted_at")
    )
    return sorted(observations + contacts, key=lambda e: e.at)


def _safe_cell(value) -> str:
    """Spreadsheets run cells that start like formulas; a leading apostrophe keeps them text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@circle_view
def export_csv(request, membership):
    circle = membership.circle
    entries = _own_entries(request.user, circle)
    record_event(request.user, Action.VIEWED, circle=circle, export="csv", count=len(entries))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="journal.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "kind",
            "when",
            "who_can_see",
            "signs",
            "worry",
            "money_missing",
            "belongings_missing",
            "incident",
            "contact_how",
            "mood",
            "who",
            "where",
            "notes",
        ]
    )
    with _circle_tz(membership):
        for e in entries:
            when = timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M")
            if isinstance(e, Observation):
                row = [
                    e.kind,
                    when,
                    e.get_visibility_display(),
                    "; ".join(labels_for(e.signs)),
                    e.get_worry_display() if e.worry is not None else "",
                    e.money_missing if e.money_missing is not None else "",
                    e.items_missing,
                    "yes" if e.is_incident else "no",
                    "",
                    "",
                    "",
                    "",
                    e.notes,
                ]
            else:
                row = [
                    e.kind,
                    when,
                    e.get_visibility_display(),
                    "",
                    "",
                    "",
                    "",
                    "",
                    e.get_how_display(),
                    e.get_mood_display(),
                    e.who,
                    e.place,
                    e.notes,
                ]
            writer.writerow([_safe_cell(v) for v in row])
    return response


PRINT_WEEKS = 12  # what a family usually brings to a counsellor or a doctor: the last three months


def _print_period(request, membership) -> tuple[PrintPeriodForm, date | None, date | None]:
    """The form and the days to print: the days asked for, everything (``?all=1``), or by default
    the last twelve weeks. The days are those of the circle's clock, the one the times are printed
    in, so a day typed is the day printed; the default ends today on the member's clock, or on the
    circle's when that is later, so an entry written a minute ago is always in it."""
    if request.GET.get("all") == "1":
        return PrintPeriodForm(), None, None
    if "since" in request.GET or "until" in request.GET:
        form = PrintPeriodForm(request.GET)
        if form.is_valid():
            return form, form.cleaned_data["since"], form.cleaned_data["until"]
        return form, None, None
    today = max(services.today_for(request.user), local_today(membership.circle.time_zone))
    since = today - timedelta(weeks=PRINT_WEEKS)
    return PrintPeriodForm(initial={"since": since, "until": today}), since, today


def _period_words(since: date | None, until: date | None) -> str:
    def day(value):
        return formats.date_format(value, "DATE_FORMAT")

    if since and until:
        return _("From %(start)s to %(end)s") % {"start": day(since), "end": day(until)}
    if since:
        return _("From %(start)s on") % {"start": day(since)}
    if until:
        return _("Up to %(end)s") % {"end": day(until)}
    return _("Everything you wrote")


@circle_view
def export_print(request, membership):
    circle = membership.circle
    form, since, until = _print_period(request, membership)
    context = {"form": form, "entries": None, "count": 0}
    if not form.errors:
        tz = zone(circle.time_zone)
        start = datetime.combine(since, time.min, tzinfo=tz) if since else None
        end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=tz) if until else None
        entries = _own_entries(request.user, circle, start, end)
        record_event(
            request.user,
            Action.VIEWED,
            circle=circle,
            export="print",
            count=len(entries),
            since=since.isoformat() if since else None,
            until=until.isoformat() if until else None,
        )
        context.update(
            count=len(entries), period=_period_words(since, until), everything=not (since or until)
        )
        with _circle_tz(membership):
            context["entries"] = printing.entry_list(entries)
    return render(request, "journal/print.html", circle_context(membership, **context))


# --- Settings (organisers) ------------------------------------------------------------------------


@circle_view(roles=ORGANISERS)
def journal_settings(request, membership):
    circle = membership.circle
    instance = JournalSettings.objects.filter(circle=circle).first() or JournalSettings(circle=circle)
    form = SettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.set_no_contact_days(request.user, circle, form.cleaned_data["no_contact_days"])
        messages.success(request, _("Saved."))
        return redirect("journal:timeline", circle_id=circle.id)
    return render(request, "journal/settings.html", circle_context(membership, form=form))


# --- Looking after yourself (strictly private) ----------------------------------------------------


def _check_in_form(request, membership, data=None, visible=None, recent=None):
    """The check-in form; when the member has checked in today already, it starts from
    today's answers (saving updates them). ``recent``: the member's latest check-ins, newest
    first, when the page has read them already (today's, if any, is among them)."""
    today = services.today_for(request.user)
    if recent is not None:
        todays = next((c for c in recent if c.checked_on == today), None)
    else:
        todays = (
            services.own_check_ins(request.user, membership.circle, visible).filter(checked_on=today).first()
        )
    if data is None and todays is not None:
        form = CheckInForm(instance=todays, today=today)
    else:
        form = CheckInForm(data, initial={"checked_on": today}, today=today)
    form.todays = todays
    return form


@circle_view(roles=SUPPORTING_ROLES)
def self_care(request, membership):
    visible = visibility_q(request.user)  # read once for the form, the check-ins and the plan
    recent = services.latest_check_ins(request.user, membership.circle, visible)
    form = _check_in_form(request, membership, visible=visible, recent=recent)
    return _self_care_page(request, membership, form, visible, recent)


def _self_care_page(request, membership, form, visible=None, recent=None):
    circle = membership.circle
    if visible is None:
        visible = visibility_q(request.user)
    check_ins = recent if recent is not None else services.latest_check_ins(request.user, circle, visible)
    strained = strain_stays_high([c.stress for c in check_ins])
    oldest_first = list(reversed(check_ins))
    chart = None
    if oldest_first:
        labels = [formats.date_format(c.checked_on, "SHORT_DATE_FORMAT") for c in oldest_first]
        chart = patterns.bar_chart(
            "stress",
            _("Your stress at each check-in"),
            _(
                "Stress from 0 to 10 at your last %(count)s check-ins, oldest first. The table below gives the numbers."
            )
            % {"count": len(oldest_first)},
            labels,
            [c.stress for c in oldest_first],
        )
    options = {
        "meetings": patterns.optional_url("meetings:index"),
        "helplines": patterns.optional_url("directory:helplines"),
        "groups_article": patterns.optional_url("library:article", "support-groups"),
        "article": patterns.optional_url("library:article", "looking-after-yourself"),
    }
    return render(
        request,
        "journal/self_care.html",
        circle_context(
            membership,
            form=form,
            check_ins=check_ins,
            oldest_first=oldest_first,
            strained=strained,
            chart=chart,
            options=options,
            plan=services.own_plan(request.user, circle, visible),
            high=HIGH_STRESS,
            run=RUN_LENGTH,
        ),
    )


@circle_view(roles=SUPPORTING_ROLES)
def self_care_check_in(request, membership):
    if request.method != "POST":
        return redirect("journal:self_care", circle_id=membership.circle_id)
    form = _check_in_form(request, membership, request.POST)
    if form.is_valid():
        _saved, updated = services.check_in_for_day(request.user, membership.circle, form.save(commit=False))
        messages.success(
            request,
            _("Your check-in for that day is updated.")
            if updated
            else _("Thank you for checking in with yourself."),
        )
        return redirect("journal:self_care", circle_id=membership.circle_id)
    messages.error(
        request, _("Nothing is saved yet. Please check the fields marked below; what you typed is kept.")
    )
    return _self_care_page(request, membership, form)


@circle_view(roles=SUPPORTING_ROLES)
def self_care_plan(request, membership):
    circle = membership.circle
    plan = services.own_plan(request.user, circle) or SelfCarePlan(circle=circle, author=request.user)
    return form_page(
        request,
        membership,
        PlanForm(request.POST or None, instance=plan),
        save=lambda form: services.save_plan(request.user, form.save(commit=False)),
        message=_("Your plan is saved. Only you can see it."),
        done=lambda _saved: reverse("journal:self_care", args=[membership.circle_id]),
        template="journal/self_care_plan.html",
    )
