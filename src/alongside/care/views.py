from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from alongside.audit.services import record_view
from alongside.care import ical, services
from alongside.care.forms import (
    AdherenceForm,
    AppointmentForm,
    CalendarDetailsForm,
    DayMarkForm,
    GivenForm,
    HabitForm,
    MedicationForm,
    OutcomeForm,
    PersonsMedicationForm,
    RecoveryStartForm,
    RewardPlanForm,
    RoutineForm,
)
from alongside.care.models import (
    Appointment,
    CalendarFeed,
    HabitCheckIn,
    Medication,
    RecoveryStart,
    RewardPlan,
    RideOffer,
    RoutineItem,
)
from alongside.circles import story
from alongside.circles.access import (
    ORGANISERS,
    circle_context,
    circle_view,
    form_page,
    read_record_or_404,
    record_delete_view,
    save_record_form,
)
from alongside.circles.models import Role
from alongside.circles.records import get_visible_or_404
from alongside.core.zones import local_today


def _circle_tz(membership):
    return timezone.override(membership.circle.time_zone)


@circle_view
def index(request, membership):
    circle = membership.circle
    now = timezone.now()
    appointments = Appointment.objects.visible_to(request.user).in_circle(circle)
    soon = services.upcoming(appointments, circle.time_zone, now, now + timedelta(days=7), limit=5)
    start = RecoveryStart.objects.visible_to(request.user).in_circle(circle).first()
    progress = services.milestone_progress(start, local_today(circle.time_zone)) if start else None
    return render(
        request, "care/index.html", circle_context(membership, soon=soon, start=start, progress=progress)
    )


# --- Appointments ----------------------------------------------------------------------------------


@circle_view
def appointments(request, membership):
    circle = membership.circle
    now = timezone.now()
    visible = Appointment.objects.visible_to(request.user).in_circle(circle)
    start, end = now - timedelta(hours=2), now + timedelta(days=14)
    items = services.upcoming(visible, circle.time_zone, start, end)
    rows = _rows_with_rides(membership, items, start, end)
    with _circle_tz(membership):
        return render(request, "care/appointments.html", circle_context(membership, rows=rows))


def _rows_with_rides(membership, items, start, end) -> list[dict]:
    """Each occurrence with its ride (if someone drives) and the addresses its row links to,
    worked out once per appointment rather than once per occurrence in the template."""
    needing = {a.pk: a for _at, a in items if a.needs_ride}
    rides = {}
    if needing:  # only a row that needs a ride shows one
        rides = {
            (r.appointment_id, r.occurrence_start): r
            for r in RideOffer.objects.filter(
                appointment__in=list(needing), occurrence_start__gte=start, occurrence_start__lt=end
            ).select_related("driver")
        }
    circle_id = membership.circle_id
    links = {}
    for _at, a in items:
        if a.pk not in links:
            links[a.pk] = {
                "detail_url": reverse("care:appointment_detail", args=[circle_id, a.pk]),
                "offer_url": reverse("care:offer_ride", args=[circle_id, a.pk]) if a.needs_ride else "",
                "kind": a.get_kind_display(),
            }
    return [{"at": at, "appointment": a, "ride": rides.get((a.pk, at)), **links[a.pk]} for at, a in items]


def _appointment_form_view(request, membership, instance=None):
    with _circle_tz(membership):
        return form_page(
            request,
            membership,
            AppointmentForm(request.POST or None, instance=instance, role=membership.role),
            save=lambda form: save_record_form(request, membership, form, services.save_record),
            message=_("The appointment is saved."),
            done=lambda _saved: reverse("care:appointments", args=[membership.circle_id]),
            template="care/form.html",
            heading=_("Appointment"),
            record=instance,
        )


@circle_view
def appointment_create(request, membership):
    return _appointment_form_view(request, membership)


@circle_view
def appointment_detail(request, membership, appointment_id):
    appointment = read_record_or_404(request, membership, Appointment, appointment_id)
    with _circle_tz(membership):
        return render(
            request, "care/appointment_detail.html", circle_context(membership, appointment=appointment)
        )


@circle_view
def appointment_edit(request, membership, appointment_id):
    return _appointment_form_view(
        request,
        membership,
        get_visible_or_404(
            Appointment, request.user, for_edit=True, circle=membership.circle, pk=appointment_id
        ),
    )


appointment_delete = record_delete_view(
    Appointment,
    kwarg="appointment_id",
    delete=services.delete_record,
    message=gettext_lazy("The appointment is deleted."),
    done=lambda appointment: reverse("care:appointments", args=[appointment.circle_id]),
    template="care/confirm_delete.html",
    context=lambda appointment: {"record": appointment},
)


@circle_view
def appointment_ics(request, membership, appointment_id):
    appointment = get_visible_or_404(Appointment, request.user, circle=membership.circle, pk=appointment_id)
    details = services.feed_for(membership).show_details
    body = ical.calendar_bytes(
        [appointment], membership.circle.time_zone, _calendar_name(membership, details), details=details
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = 'attachment; filename="appointment.ics"'
    return response


@circle_view
@require_POST
def offer_ride(request, membership, appointment_id):
    appointment = get_visible_or_404(Appointment, request.user, circle=membership.circle, pk=appointment_id)
    try:
        occurrence = datetime.fromisoformat(request.POST.get("occurrence", ""))
        services.offer_ride(request.user, appointment, occurrence)
    except ValueError:
        messages.error(request, _("That appointment time was not understood."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Thank you: you are down to drive."))
    return redirect(
        _same_site_or(
            request, request.POST.get("next", ""), reverse("care:appointments", args=[membership.circle_id])
        )
    )


def _same_site_or(request, target: str, fallback: str) -> str:
    """``target`` when it is a path on this site (never ``//other.host/``), otherwise ``fallback``."""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@circle_view
@require_POST
def withdraw_ride(request, membership, ride_id):
    ride = get_object_or_404(
        RideOffer, pk=ride_id, appointment__circle=membership.circle, driver=request.user
    )
    services.withdraw_ride(request.user, ride)
    messages.success(request, _("Your offer to drive is withdrawn."))
    return redirect("care:appointments", circle_id=membership.circle_id)


@circle_view(roles=ORGANISERS)
def rides_week(request, membership):
    """For organisers: the coming week's appointments that need a ride, filled or not."""
    circle = membership.circle
    now = timezone.now()
    needing = Appointment.objects.visible_to(request.user).in_circle(circle).filter(needs_ride=True)
    end = now + timedelta(days=7)
    items = services.upcoming(needing, circle.time_zone, now, end)
    rows = _rows_with_rides(membership, items, now, end)
    # The week view: seven days in the circle's zone, each with its rides (or none).
    zone = ZoneInfo(circle.time_zone)
    today = now.astimezone(zone).date()
    days = [{"date": today + timedelta(days=n), "rows": []} for n in range(7)]
    for row in rows:
        offset = (row["at"].astimezone(zone).date() - today).days
        if 0 <= offset < 7:
            days[offset]["rows"].append(row)
    with _circle_tz(membership):
        return render(
            request,
            "care/rides_week.html",
            circle_context(
                membership, rows=rows, days=days, unfilled=sum(1 for r in rows if r["ride"] is None)
            ),
        )


def _calendar_name(membership, details: bool) -> str:
    """What a phone shows as the calendar's name: neutral unless the member opted in."""
    return f"Alongside: {membership.circle.person_name}" if details else _("Appointments")


@circle_view
def calendar(request, membership):
    feed = services.feed_for(membership)
    form = CalendarDetailsForm(request.POST or None, instance=feed)
    if request.method == "POST" and form.is_valid():
        services.set_feed_details(request.user, membership, show_details=form.cleaned_data["show_details"])
        messages.success(request, _("Your calendar choice is saved."))
        return redirect("care:calendar", circle_id=membership.circle_id)
    url = request.build_absolute_uri(reverse("care:feed", args=[feed.token]))
    # webcal:// opens the phone's calendar app, which subscribes (and keeps it up to date).
    webcal_url = "webcal://" + url.split("://", 1)[1]
    return render(
        request,
        "care/calendar.html",
        circle_context(membership, feed_url=url, webcal_url=webcal_url, details_form=form),
    )


@circle_view
@require_POST
def calendar_reset(request, membership):
    services.reset_feed(request.user, membership)
    messages.success(request, _("Your calendar has a new private address. The old one no longer works."))
    return redirect("care:calendar", circle_id=membership.circle_id)


def feed(request, token):
    """A phone calendar reads this without a session: the secret address is the key."""
    found = (
        CalendarFeed.objects.select_related("membership__circle", "membership__user")
        .filter(token=token)
        .first()
    )
    if found is None or found.membership.left_at is not None:
        raise Http404
    membership = found.membership
    visible = Appointment.objects.visible_to(membership.user).in_circle(membership.circle)
    drivers = ical.drivers_by_appointment(
        RideOffer.objects.filter(
            appointment__in=visible, occurrence_start__gte=timezone.now() - timedelta(days=1)
        )
        .select_related("driver")
        .order_by("occurrence_start")
    )
    with translation.override(membership.user.language or "en"):  # names and titles in the member's language
        name = _calendar_name(membership, found.show_details)
        body = ical.calendar_bytes(
            visible, membership.circle.time_zone, name, details=found.show_details, drivers=drivers
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    # The address is the key: no shared cache may keep a copy of someone's appointments.
    response["Cache-Control"] = "private, no-store"
    return response


# --- Medications -----------------------------------------------------------------------------------


@circle_view
def medications(request, membership):
    # Sorted by kind as before; the kind is encrypted at rest, so in Python.
    items = sorted(
        Medication.objects.visible_to(request.user).in_circle(membership.circle), key=lambda m: m.kind
    )
    return render(
        request,
        "care/medications.html",
        circle_context(membership, items=items, may_record=services.may_record_medication(membership)),
    )


def _save_medication(request, membership, form):
    saved = save_record_form(request, membership, form, services.save_record)
    form.save_m2m()  # who else the person chose to remind
    return saved


def _medication_form_view(request, membership, instance=None):
    if not services.may_record_medication(membership):
        raise Http404
    person_is_author = membership.role == Role.PERSON
    form = MedicationForm(
        request.POST or None,
        instance=instance,
        person_is_author=person_is_author,
        role=membership.role,
        circle=membership.circle,
    )
    if person_is_author:
        form.instance.agreed_by_person = True  # the person writing it is the person agreeing
    return form_page(
        request,
        membership,
        form,
        save=lambda form: _save_medication(request, membership, form),
        message=_("The medication is saved."),
        done=lambda _saved: reverse("care:medications", args=[membership.circle_id]),
        template="care/form.html",
        heading=_("Medication"),
        record=instance,
        no_dosing_advice=True,
    )


@circle_view
def medication_create(request, membership):
    return _medication_form_view(request, membership)


@circle_view
def medication_detail(request, membership, medication_id):
    medication = get_visible_or_404(Medication, request.user, circle=membership.circle, pk=medication_id)
    today = local_today(membership.circle.time_zone)
    may_log = story.may_change_story(membership)
    if request.method == "POST" and not may_log:
        raise Http404
    form = AdherenceForm(request.POST or None, today=today, initial={"day": today}) if may_log else None
    if request.method == "POST" and form.is_valid():
        services.log_adherence(
            request.user,
            membership,
            medication,
            day=form.cleaned_data["day"],
            taken=form.cleaned_data["taken"],
        )
        messages.success(request, _("Noted."))
        return redirect("care:medication_detail", circle_id=membership.circle_id, medication_id=medication.id)
    record_view(request.user, medication)
    return render(
        request,
        "care/medication_detail.html",
        circle_context(
            membership,
            medication=medication,
            form=form,
            entries=medication.adherence.select_related("recorded_by")[:28],
            may_update=services.may_update_medication(membership, medication),
            changes=story.changes_to(medication)[:10],
        ),
    )


@circle_view
def medication_edit(request, membership, medication_id):
    medication = get_visible_or_404(Medication, request.user, circle=membership.circle, pk=medication_id)
    if medication.can_edit(request.user):
        return _medication_form_view(request, membership, medication)
    if not services.may_update_medication(membership, medication):
        raise Http404
    # A member the person allowed: the same details, never who can see it.
    form = PersonsMedicationForm(request.POST or None, instance=medication)
    return form_page(
        request,
        membership,
        form,
        save=lambda form: services.update_persons_medication(
            request.user, membership, Medication.objects.get(pk=medication.pk), **form.cleaned_data
        ),
        message=_("The medication is saved. The person sees that you changed it, and can undo it."),
        done=lambda saved: reverse("care:medication_detail", args=[membership.circle_id, saved.id]),
        template="care/form.html",
        heading=_("Medication"),
        record=medication,
        no_dosing_advice=True,
    )


# --- Milestones ------------------------------------------------------------------------------------


@circle_view
def milestones(request, membership):
    circle = membership.circle
    start = RecoveryStart.objects.visible_to(request.user).in_circle(circle).first()
    today = local_today(circle.time_zone)
    start_form = None
    if start is None and services.may_start_count(membership):
        start_form = RecoveryStartForm(
            request.POST or None, initial={"start_date": today}, role=membership.role
        )
        if request.method == "POST" and start_form.is_valid():
            save_record_form(request, membership, start_form, services.save_record)
            return redirect("care:milestones", circle_id=membership.circle_id)
    elif request.method == "POST":
        raise Http404
    context = _milestones_context(membership, start, start_form=start_form)
    if start is not None and story.may_change_story(membership):
        context["mark_form"] = DayMarkForm(today=today, initial={"day": today})
    return render(request, "care/milestones.html", context)


def _milestones_context(membership, start, **extra):
    context = circle_context(membership, start=start, **extra)
    if start is not None:
        context.update(services.milestone_summary(start, local_today(membership.circle.time_zone)))
        context["may_take_back"] = services.may_take_back_marks(membership, start)
    return context


@circle_view
@require_POST
def milestone_mark(request, membership, start_id):
    start = get_visible_or_404(RecoveryStart, request.user, circle=membership.circle, pk=start_id)
    story.require_story_access(membership)  # the person's count: theirs, or those they allowed
    form = DayMarkForm(request.POST, today=local_today(membership.circle.time_zone))
    if form.is_valid():
        services.mark_day(
            request.user, membership, start, day=form.cleaned_data["day"], kind=form.cleaned_data["kind"]
        )
        messages.success(request, _("Noted. Every day before it still counts."))
        return redirect("care:milestones", circle_id=membership.circle_id)
    return render(
        request, "care/milestones.html", _milestones_context(membership, start, mark_form=form), status=400
    )


@circle_view
@require_POST
def milestone_take_back(request, membership, start_id):
    """The person takes back a day noted on their count (the mark's id comes in the form)."""
    start = get_visible_or_404(RecoveryStart, request.user, circle=membership.circle, pk=start_id)
    if not services.may_take_back_marks(membership, start):
        raise Http404
    mark = start.marks.filter(pk=_uuid_or_none(request.POST.get("mark"))).first()
    if mark is None:
        messages.error(request, _("That day is no longer on the count."))
    else:
        services.take_back_mark(request.user, membership, mark)
        messages.success(request, _("Taken back. The count is as it was before that day was noted."))
    return redirect("care:milestones", circle_id=membership.circle_id)


def _uuid_or_none(value):
    import uuid

    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


# --- Rewards ---------------------------------------------------------------------------------------


@circle_view
def rewards(request, membership):
    plans = RewardPlan.objects.visible_to(request.user).in_circle(membership.circle)
    form = RewardPlanForm(request.POST or None, role=membership.role)
    if request.method == "POST" and form.is_valid():
        plan = save_record_form(request, membership, form, services.save_record)
        return redirect("care:reward_detail", circle_id=membership.circle_id, plan_id=plan.id)
    return render(request, "care/rewards.html", circle_context(membership, plans=plans, form=form))


@circle_view
def reward_detail(request, membership, plan_id):
    plan = get_visible_or_404(RewardPlan, request.user, circle=membership.circle, pk=plan_id)
    today = local_today(membership.circle.time_zone)
    outcome_form = OutcomeForm(
        request.POST if request.POST.get("form") == "outcome" else None, today=today, initial={"day": today}
    )
    given_form = GivenForm(
        request.POST if request.POST.get("form") == "given" else None, today=today, initial={"day": today}
    )
    if request.method == "POST":
        if outcome_form.is_bound and outcome_form.is_valid():
            services.record_outcome(request.user, plan, **outcome_form.cleaned_data)
            return redirect("care:reward_detail", circle_id=membership.circle_id, plan_id=plan.id)
        if given_form.is_bound and given_form.is_valid():
            try:
                services.record_given(request.user, plan, **given_form.cleaned_data)
            except ValidationError as error:
                given_form.add_error("amount", error.messages[0])
            else:
                return redirect("care:reward_detail", circle_id=membership.circle_id, plan_id=plan.id)
    record_view(request.user, plan)
    return render(
        request,
        "care/reward_detail.html",
        circle_context(
            membership, plan=plan, outcome_form=outcome_form, given_form=given_form, **services.ledger(plan)
        ),
    )


# --- Habits and routine ----------------------------------------------------------------------------


@circle_view
def habits(request, membership):
    today = local_today(membership.circle.time_zone)
    form = HabitForm(request.POST or None, today=today, initial={"day": today}, role=membership.role)
    if request.method == "POST" and form.is_valid():
        save_record_form(request, membership, form, services.save_record)
        messages.success(request, _("Today's habits are noted."))
        return redirect("care:habits", circle_id=membership.circle_id)
    week_start = today - timedelta(days=6)
    week = (
        HabitCheckIn.objects.visible_to(request.user)
        .in_circle(membership.circle)
        .filter(day__gte=week_start)
        .defer("note")  # the week's table shows the habits, not the notes
    )
    routine = RoutineItem.objects.visible_to(request.user).in_circle(membership.circle)
    return render(
        request,
        "care/habits.html",
        circle_context(
            membership, form=form, week=week, routine=routine, routine_form=RoutineForm(role=membership.role)
        ),
    )


@circle_view
@require_POST
def routine_add(request, membership):
    form = RoutineForm(request.POST)
    if form.is_valid():
        save_record_form(request, membership, form, services.save_record)
        messages.success(request, _("Added to the routine."))
    else:
        messages.error(request, _("Give a time and what happens then."))
    return redirect("care:habits", circle_id=membership.circle_id)


routine_delete = record_delete_view(
    RoutineItem,
    kwarg="item_id",
    delete=services.delete_record,
    done=lambda item: reverse("care:habits", args=[item.circle_id]),
)
