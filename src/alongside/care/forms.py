from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.care.models import (
    AdherenceEntry,
    Appointment,
    CalendarFeed,
    DayMark,
    HabitCheckIn,
    Medication,
    RecoveryStart,
    RewardPlan,
    RoutineItem,
)
from alongside.circles.records import RecordFormMixin
from alongside.core.forms import NotInFutureMixin, RenderedOnceWhenBlank, SaneDatesMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class AppointmentForm(SaneDatesMixin, RecordFormMixin, forms.ModelForm):
    class Meta:
        model = Appointment
        fields = [
            "kind",
            "title",
            "place",
            "starts_at",
            "duration_minutes",
            "repeat",
            "repeat_until",
            "needs_ride",
            "remind_day_before",
            "remind_hour_before",
            "notes",
            "visibility",
        ]
        widgets = {
            "starts_at": DATETIME,
            "repeat_until": DATE,
            "title": forms.TextInput(attrs={"maxlength": 120}),
            "place": forms.TextInput(attrs={"maxlength": 200}),
            "notes": forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
            "visibility": forms.RadioSelect,
        }

    def clean(self):
        cleaned = super().clean()
        starts, until = cleaned.get("starts_at"), cleaned.get("repeat_until")
        if until and starts and until < starts.date():
            self.add_error("repeat_until", _("The last day cannot be before the first appointment."))
        if until and cleaned.get("repeat") == "none":
            self.add_error("repeat_until", _("Choose how it repeats, or leave the last day empty."))
        return cleaned


class CalendarDetailsForm(forms.ModelForm):
    class Meta:
        model = CalendarFeed
        fields = ["show_details"]


class MedicationForm(SaneDatesMixin, RecordFormMixin, forms.ModelForm):
    class Meta:
        model = Medication
        fields = [
            "kind",
            "prescriber",
            "clinic",
            "schedule",
            "next_pickup",
            "take_home_until",
            "agreed_by_person",
            "visibility",
            "remind_members",
        ]
        widgets = {
            "remind_members": forms.CheckboxSelectMultiple,
            "prescriber": forms.TextInput(attrs={"maxlength": 120}),
            "clinic": forms.TextInput(attrs={"maxlength": 200}),
            "schedule": forms.TextInput(attrs={"maxlength": 300}),
            "next_pickup": DATE,
            "take_home_until": DATE,
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, person_is_author: bool, circle=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person_is_author = person_is_author
        if person_is_author:
            del self.fields["agreed_by_person"]
        if person_is_author and circle is not None:
            # The person chooses who else is reminded, among the other members of the circle.
            from django.db.models import Case, Value, When

            from alongside.accounts.models import User
            from alongside.circles.models import Membership

            others = (
                Membership.objects.active().filter(circle=circle).exclude(role="person").values("user_id")
            )
            # Alphabetical by name; names are encrypted at rest, so the order is computed in Python.
            ordered = [
                u.pk for u in sorted(User.objects.filter(pk__in=others), key=lambda u: str(u).casefold())
            ]
            by_name = Case(
                *(When(pk=pk, then=Value(i)) for i, pk in enumerate(ordered)), default=Value(len(ordered))
            )
            self.fields["remind_members"].queryset = User.objects.filter(pk__in=ordered).order_by(by_name)
        else:
            del self.fields["remind_members"]

    def clean(self):
        cleaned = super().clean()
        if not self.person_is_author and not cleaned.get("agreed_by_person"):
            self.add_error(
                "agreed_by_person", _("Record a medication only when the person has agreed to it.")
            )
        return cleaned


class PersonsMedicationForm(SaneDatesMixin, forms.ModelForm):
    """For a member the person allowed to update their medications: the details only."""

    class Meta:
        model = Medication
        fields = ["kind", "prescriber", "clinic", "schedule", "next_pickup", "take_home_until"]
        widgets = MedicationForm.Meta.widgets


class AdherenceForm(SaneDatesMixin, NotInFutureMixin, forms.ModelForm):
    past_fields = ("day",)

    class Meta:
        model = AdherenceEntry
        fields = ["day", "taken"]
        widgets = {"day": DATE, "taken": forms.RadioSelect}


class RecoveryStartForm(SaneDatesMixin, RecordFormMixin, forms.ModelForm):
    class Meta:
        model = RecoveryStart
        fields = ["start_date", "goal", "visibility"]
        widgets = {"start_date": DATE, "goal": forms.RadioSelect, "visibility": forms.RadioSelect}


class DayMarkForm(RenderedOnceWhenBlank, SaneDatesMixin, NotInFutureMixin, forms.Form):
    past_fields = ("day",)
    day = forms.DateField(label=_("Day"), widget=DATE)
    kind = forms.ChoiceField(label=_("What happened"), choices=DayMark.Kind.choices, widget=forms.RadioSelect)


class RewardPlanForm(RecordFormMixin, forms.ModelForm):
    class Meta:
        model = RewardPlan
        fields = [
            "target",
            "unit",
            "start_value",
            "step",
            "max_value",
            "bonus_every",
            "bonus",
            "recover_after",
            "budget",
            "visibility",
        ]
        widgets = {"target": forms.TextInput(attrs={"maxlength": 200}), "visibility": forms.RadioSelect}

    def clean(self):
        cleaned = super().clean()
        for name in ("start_value", "step", "max_value", "bonus", "budget"):
            value = cleaned.get(name)
            if value is not None and value < 0:
                self.add_error(name, _("Use zero or more."))
        start, top = cleaned.get("start_value"), cleaned.get("max_value")
        if start is not None and top is not None and top < start:
            self.add_error("max_value", _("The highest reward cannot be lower than the first one."))
        if cleaned.get("recover_after") == 0:
            self.add_error("recover_after", _("Use 1 or more."))
        return cleaned


class OutcomeForm(SaneDatesMixin, NotInFutureMixin, forms.Form):
    past_fields = ("day",)
    day = forms.DateField(label=_("Day"), widget=DATE)
    success = forms.TypedChoiceField(
        label=_("Was the target met?"),
        choices=[("1", _("Yes, it was met")), ("0", _("No, or it was missed"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )


class GivenForm(SaneDatesMixin, NotInFutureMixin, forms.Form):
    past_fields = ("day",)
    day = forms.DateField(label=_("Day"), widget=DATE)
    amount = forms.DecimalField(label=_("Value"), min_value=0, max_digits=8, decimal_places=2)
    what = forms.CharField(label=_("What was given"), max_length=200)

    def __init__(self, *args, **kwargs):
        # Shown beside the outcome form on one page: its own ids, so no two fields share one.
        kwargs.setdefault("auto_id", "id_given_%s")
        super().__init__(*args, **kwargs)


class HabitForm(SaneDatesMixin, RecordFormMixin, NotInFutureMixin, forms.ModelForm):
    past_fields = ("day",)

    class Meta:
        model = HabitCheckIn
        fields = [
            "day",
            "slept_well",
            "meals",
            "exercise",
            "meeting",
            "supportive_company",
            "note",
            "visibility",
        ]
        widgets = {
            "day": DATE,
            "note": forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
            "visibility": forms.RadioSelect,
        }


class RoutineForm(RecordFormMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        # Shown beside the habit form on one page: its own ids, so no two fields share one.
        kwargs.setdefault("auto_id", "id_routine_%s")
        super().__init__(*args, **kwargs)

    class Meta:
        model = RoutineItem
        fields = ["at", "what", "remind", "visibility"]
        widgets = {
            "at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "what": forms.TextInput(attrs={"maxlength": 200}),
            "visibility": forms.RadioSelect,
        }
