from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.circles.records import RecordFormMixin
from alongside.core.forms import NotInFutureMixin, SaneDatesMixin
from alongside.safety.models import EmergencyWishes, NaloxoneKit, RiskEvent, SafetyPlan

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class KitForm(SaneDatesMixin, RecordFormMixin, forms.ModelForm):
    class Meta:
        model = NaloxoneKit
        fields = ["kind", "count", "location", "expires_on", "notes", "visibility"]
        widgets = {
            "expires_on": DATE,
            "location": forms.TextInput(attrs={"maxlength": 200}),
            "notes": forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
            "count": forms.NumberInput(attrs={"min": 1, "max": 50}),
            "visibility": forms.RadioSelect,
        }
        error_messages = {
            "count": {
                "min_value": _("A kit holds at least one dose. Enter 1 or more."),
                "max_value": _("That is more doses than one kit holds. Enter 50 or fewer."),
            }
        }

    def __init__(self, *args, today, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def clean_expires_on(self):
        expires = self.cleaned_data["expires_on"]
        if self.instance._state.adding and expires < self.today:
            raise forms.ValidationError(
                _(
                    "This date has passed. Expired naloxone is still better than none in an emergency, "
                    "but replace it soon: record a kit that is still in date."
                )
            )
        return expires


class RiskEventForm(SaneDatesMixin, RecordFormMixin, NotInFutureMixin, forms.ModelForm):
    class Meta:
        model = RiskEvent
        fields = ["kind", "started_on", "notes", "visibility"]
        widgets = {
            "started_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
            "visibility": forms.RadioSelect,
        }

    past_fields = ("started_on",)


class SafetyPlanForm(forms.ModelForm):
    class Meta:
        model = SafetyPlan
        fields = ["who_to_call"]
        widgets = {"who_to_call": forms.Textarea(attrs={"rows": 4, "maxlength": 1000})}


class WishesForm(RecordFormMixin, forms.ModelForm):
    class Meta:
        model = EmergencyWishes
        fields = ["wishes", "visibility"]
        widgets = {
            "wishes": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
            "visibility": forms.RadioSelect,
        }
