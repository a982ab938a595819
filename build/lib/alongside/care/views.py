from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.audit.services import record_view
from alongside.care import ical, services
from alongside.care.forms import (
    AdherenceForm,
    AppointmentForm,
    DayMarkForm,
    GivenForm,
    HabitForm,
    MedicationForm,
    OutcomeForm,
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
from alongside.circles.access import ORGANISERS, get_membership_or_404
from alongside.circles.models import Role
from alongside.circles.records import default_visibility, get_visible_or_404


def _context(membership, **extra):
    return {"circle": membership.circle, "membership": membership, **extra}


def _circle_tz(membership):
    return timezone.override(membership.circle.time_zone)


@login_required
def index(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    circle = membership.circle
    now = timezone.now()
    appointments = Appointment.objects.visible_to(request.user).in_circle(circle)
    soon = services.upcoming(appointments, circle.time_zone, now, now + timedelta(days=7))[:5]
    start = RecoveryStart.objects.visible_to(request.user).in_circle(circle).first()
    summary = services.milestone_summary(start, services.local_today(circle)) if start else None
    return render(request, "care/index.html", _context(membership, soon=soon, start=start, summary=summary))


# --- Appointments ----------------------------------------------------------------------------------


@login_required
def appointments(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    circle = membership.circle
    now = timezone.now()
    visible = Appointment.objects.visible_to(request.user).in_circle(circle)
    items = services.upcoming(visible, circle.time_zone, now - timedelta(hours=2), now + timedelta(days=14))
    rides = {
        (r.appointment_id, r.occurrence_start): r
        for r in RideOffer.objects.filter(appointment__in=[a for _at, a in items]).select_related("driver")
    }
    rows = [{"at": at, "appointment": a, "ride": rides.get((a.id, at))} for at, a in items]
    with _circle_tz(membership):
        return render(request, "care/appointments.html", _context(membership, rows=rows))


def _appointment_form_view(request, membership, instance=None):
    with _circle_tz(membership):
        initial = {"visibility": default_visibility(membership.role)}
        form = AppointmentForm(request.POST or None, instance=instance, initial=initial)
        if request.method == "POST" and form.is_valid():
            appointment = form.save(commit=False)
            if instance is None:
                appointment.circle, appointment.author = membership.circle, request.user
            services.save_record(request.user, appointment, created=instance is None)
            messages.success(request, _("The appointment is saved."))
            return redirect("care:appointments", circle_id=membership.circle_id)
        return render(request, "care/form.html", _context(membership, form=form, heading=_("Appointment"), record=instance))


@login_required
def appointment_create(request, circle_id):
    return _appointment_form_view(request, get_membership_or_404(request.user, circle_id))


def _visible(request, membership, model, pk, *, own=False):
    record = get_visible_or_404(model.objects.in_circle(membership.circle), request.user, pk=pk)
    if own and not record.can_edit(request.user):
        raise Http404
    return record


@login_required
def appointment_detail(request, circle_id, appointment_id):
    membership = get_membership_or_404(request.user, circle_id)
    appointment = _visible(request, membership, Appointment, appointment_id)
    record_view(request.user, appointment)
    with _circle_tz(membership):
        return render(request, "care/appointment_detail.html", _context(membership, appointment=appointment))


@login_required
def appointment_edit(request, circle_id, appointment_id):
    membership = get_membership_or_404(request.user, circle_id)
    return _appointment_form_view(request, membership, _visible(request, membership, Appointment, appointment_id, own=True))


@login_required
def appointment_delete(request, circle_id, appointment_id):
    membership = get_membership_or_404(request.user, circle_id)
    appointment = _visible(request, membership, Appointment, appointment_id, own=True)
    if request.method == "POST":
        services.delete_record(request.user, appointment)
        messages.success(request, _("The appointment is deleted."))
        return redirect("care:appointments", circle_id=circle_id)
    return render(request, "care/confirm_delete.html", _context(membership, record=appointment))


@login_required
def appointment_ics(request, circle_id, appointment_id):
    membership = get_membership_or_404(request.user, circle_id)
    appointment = _visible(request, membership, Appointment, appointment_id)
    body = ical.calendar_bytes([appointment], membership.circle.time_zone, "Alongside")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="appointment.ics"'
    return response


@login_required
@require_POST
def offer_ride(request, circle_id, appointment_id):
    membership = get_membership_or_404(request.user, circle_id)
    appointment = _visible(request, membership, Appointment, appointment_id)
    try:
        occurrence = datetime.fromisoformat(request.POST.get("occurrence", ""))
        services.offer_ride(request.user, appointment, occurrence)
    except ValueError:
        messages.error(request, _("That appointment time was not understood."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Thank you: you are down to drive."))
    return redirect(request.POST.get("next") if request.POST.get("next", "").startswith("/") else reverse("care:appointments", args=[circle_id]))


@login_required
@require_POST
def withdraw_ride(request, circle_id, ride_id):
    membership = get_membership_or_404(request.user, circle_id)
    ride = get_object_or_404(RideOffer, pk=ride_id, appointment__circle=membership.circle, driver=request.user)
    services.withdraw_ride(request.user, ride)
    messages.success(request, _("Your offer to drive is withdrawn."))
    return redirect("care:appointments", circle_id=circle_id)


@login_required
def rides_week(request, circle_id):
    """For organisers: the coming week's appointments that need a ride, filled or not."""
    membership = get_membership_or_404(request.user, circle_id, roles=ORGANISERS)
    circle = membership.circle
    now = timezone.now()
    needing = Appointment.objects.visible_to(request.user).in_circle(circle).filter(needs_ride=True)
    items = services.upcoming(needing, circle.time_zone, now, now + timedelta(days=7))
    rides = {
        (r.appointment_id, r.occurrence_start): r
        for r in RideOffer.objects.filter(appointment__in=needing).select_related("driver")
    }
    rows = [{"at": at, "appointment": a, "ride": rides.get((a.id, at))} for at, a in items]
    with _circle_tz(membership):
        return render(
            request,
            "care/rides_week.html",
            _context(membership, rows=rows, unfilled=sum(1 for r in rows if r["ride"] is None)),
        )


@login_required
def calendar(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    feed = services.feed_for(membership)
    url = request.build_absolute_uri(reverse("care:feed", args=[feed.token]))
    return render(request, "care/calendar.html", _context(membership, feed_url=url))


@login_required
@require_POST
def calendar_reset(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    services.reset_feed(request.user, membership)
    messages.success(request, _("Your calendar has a new private address. The old one no longer works."))
    return redirect("care:calendar", circle_id=circle_id)


def feed(request, token):
    """A phone calendar reads this without a session: the secret address is the key."""
    found = CalendarFeed.objects.select_related("membership__circle", "membership__user").filter(token=token).first()
    if found is None or found.membership.left_at is not None:
        raise Http404
    membership = found.membership
    visible = Appointment.objects.visible_to(membership.user).in_circle(membership.circle)
    body = ical.calendar_bytes(visible, membership.circle.time_zone, f"Alongside: {membership.circle.person_name}")
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


# --- Medications -----------------------------------------------------------------------------------


@login_required
def medications(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    items = Medication.objects.visible_to(request.user).in_circle(membership.circle)
    return render(
        request,
        "care/medications.html",
        _context(membership, items=items, may_record=services.may_record_medication(membership)),
    )


def _medication_form_view(request, membership, instance=None):
    if not services.may_record_medication(membership):
        raise Http404
    person_is_author = membership.role == Role.PERSON
    form = MedicationForm(
        request.POST or None,
        instance=instance,
        person_is_author=person_is_author,
        initial={"visibility": default_visibility(membership.role)},
    )
    if request.method == "POST" and form.is_valid():
        medication = form.save(commit=False)
        if instance is None:
            medication.circle, medication.author = membership.circle, request.user
        if person_is_author:
            medication.agreed_by_person = True
        services.save_record(request.user, medication, created=instance is None)
        messages.success(request, _("The medication is saved."))
        return redirect("care:medications", circle_id=membership.circle_id)
    return render(request, "care/form.html", _context(membership, form=form, heading=_("Medication"), record=instance, no_dosing_advice=True))


@login_required
def medication_create(request, circle_id):
    return _medication_form_view(request, get_membership_or_404(request.user, circle_id))


@login_required
def medication_detail(request, circle_id, medication_id):
    membership = get_membership_or_404(request.user, circle_id)
    medication = _visible(request, membership, Medication, medication_id)
    today = services.local_today(membership.circle)
    form = AdherenceForm(request.POST or None, today=today, initial={"day": today})
    if request.method == "POST" and form.is_valid():
        services.log_adherence(request.user, medication, day=form.cleaned_data["day"], taken=form.cleaned_data["taken"])
        messages.success(request, _("Noted."))
        return redirect("care:medication_detail", circle_id=circle_id, medication_id=medication.id)
    record_view(request.user, medication)
    return render(
        request,
        "care/medication_detail.html",
        _context(membership, medication=medication, form=form, entries=medication.adherence.all()[:28]),
    )


@login_required
def medication_edit(request, circle_id, medication_id):
    membership = get_membership_or_404(request.user, circle_id)
    return _medication_form_view(request, membership, _visible(request, membership, Medication, medication_id, own=True))


# --- Milestones ------------------------------------------------------------------------------------


@login_required
def milestones(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    circle = membership.circle
    start = RecoveryStart.objects.visible_to(request.user).in_circle(circle).first()
    today = services.local_today(circle)
    start_form = None
    if start is None:
        start_form = RecoveryStartForm(request.POST or None, initial={"start_date": today, "visibility": default_visibility(membership.role)})
        if request.method == "POST" and start_form.is_valid():
            record = start_form.save(commit=False)
            record.circle, record.author = circle, request.user
            services.save_record(request.user, record, created=True)
            return redirect("care:milestones", circle_id=circle_id)
    context = _context(membership, start=start, start_form=start_form)
    if start is not None:
        context.update(services.milestone_summary(start, today))
        context["mark_form"] = DayMarkForm(today=today, initial={"day": today})
    return render(request, "care/milestones.html", context)


@login_required
@require_POST
def milestone_mark(request, circle_id, start_id):
    membership = get_membership_or_404(request.user, circle_id)
    start = _visible(request, membership, RecoveryStart, start_id)
    form = DayMarkForm(request.POST, today=services.local_today(membership.circle))
    if form.is_valid():
        services.mark_day(request.user, start, day=form.cleaned_data["day"], kind=form.cleaned_data["kind"])
        messages.success(request, _("Noted. Every day before it still counts."))
        return redirect("care:milestones", circle_id=circle_id)
    context = _context(membership, start=start, mark_form=form)
    context.update(services.milestone_summary(start, services.local_today(membership.circle)))
    return render(request, "care/milestones.html", context, status=400)


# --- Rewards ---------------------------------------------------------------------------------------


@login_required
def rewards(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    plans = RewardPlan.objects.visible_to(request.user).in_circle(membership.circle)
    form = RewardPlanForm(request.POST or None, initial={"visibility": default_visibility(membership.role)})
    if request.method == "POST" and form.is_valid():
        plan = form.save(commit=False)
        plan.circle, plan.author = membership.circle, request.user
        services.save_record(request.user, plan, created=True)
        return redirect("care:reward_detail", circle_id=circle_id, plan_id=plan.id)
    return render(request, "care/rewards.html", _context(membership, plans=plans, form=form))


@login_required
def reward_detail(request, circle_id, plan_id):
    membership = get_membership_or_404(request.user, circle_id)
    plan = _visible(request, membership, RewardPlan, plan_id)
    today = services.local_today(membership.circle)
    outcome_form = OutcomeForm(request.POST if request.POST.get("form") == "outcome" else None, today=today, initial={"day": today})
    given_form = GivenForm(request.POST if request.POST.get("form") == "given" else None, today=today, initial={"day": today})
    if request.method == "POST":
        if outcome_form.is_bound and outcome_form.is_valid():
            services.record_outcome(request.user, plan, **outcome_form.cleaned_data)
            return redirect("care:reward_detail", circle_id=circle_id, plan_id=plan.id)
        if given_form.is_bound and given_form.is_valid():
            try:
                services.record_given(request.user, plan, **given_form.cleaned_data)
            except ValidationError as error:
                given_form.add_error("amount", error.messages[0])
            else:
                return redirect("care:reward_detail", circle_id=circle_id, plan_id=plan.id)
    record_view(request.user, plan)
    return render(
        request,
        "care/reward_detail.html",
        _context(membership, plan=plan, outcome_form=outcome_form, given_form=given_form, **services.ledger(plan)),
    )


# --- Habits and routine ----------------------------------------------------------------------------


@login_required
def habits(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    today = services.local_today(membership.circle)
    form = HabitForm(request.POST or None, today=today, initial={"day": today, "visibility": default_visibility(membership.role)})
    if request.method == "POST" and form.is_valid():
        checkin = form.save(commit=False)
        checkin.circle, checkin.author = membership.circle, request.user
        services.save_record(request.user, checkin, created=True)
        messages.success(request, _("Today's habits are noted."))
        return redirect("care:habits", circle_id=circle_id)
    week_start = today - timedelta(days=6)
    week = HabitCheckIn.objects.visible_to(request.user).in_circle(membership.circle).filter(day__gte=week_start).select_related("author")
    routine = RoutineItem.objects.visible_to(request.user).in_circle(membership.circle)
    return render(
        request,
        "care/habits.html",
        _context(membership, form=form, week=week, routine=routine, routine_form=RoutineForm(initial={"visibility": default_visibility(membership.role)})),
    )


@login_required
@require_POST
def routine_add(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    form = RoutineForm(request.POST)
    if form.is_valid():
        item = form.save(commit=False)
        item.circle, item.author = membership.circle, request.user
        services.save_record(request.user, item, created=True)
        messages.success(request, _("Added to the routine."))
    else:
        messages.error(request, _("Give a time and what happens then."))
    return redirect("care:habits", circle_id=circle_id)


@login_required
@require_POST
def routine_delete(request, circle_id, item_id):
    membership = get_membership_or_404(request.user, circle_id)
    item = _visible(request, membership, RoutineItem, item_id, own=True)
    services.delete_record(request.user, item)
    return redirect("care:habits", circle_id=circle_id)
