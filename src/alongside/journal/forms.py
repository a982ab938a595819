from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.circles.records import RecordFormMixin
from alongside.core.forms import NotInFutureMixin, SaneDatesMixin
from alongside.journal.models import (
    NOTES_MAX,
    CheckIn,
    Contact,
    ContactHow,
    ContactMood,
    JournalSettings,
    Observation,
    SelfCarePlan,
    Worry,
)
from alongside.journal.signs import GROUPS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
EMPTY_OBSERVATION = _(
    "Tick a sign, say how worried you are, or write a few words, so there is something to keep."
)
STRESS_RANGE = _("Choose a number from 0 to 10.")
LONG_NOTES = _(
    "Notes can be up to %(limit_value)s characters; this has %(show_value)s. Your text is still here: "
    "shorten it, or save part of it in a second entry."
)


def _sign_field(group) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=group.title, choices=list(group.signs), required=False, widget=forms.CheckboxSelectMultiple
    )


class ObservationForm(SaneDatesMixin, RecordFormMixin, NotInFutureMixin, forms.ModelForm):
    past_fields = ("observed_at",)
    worry = forms.TypedChoiceField(
        label=_("How worried are you?"),
        choices=Worry.choices,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Observation
        fields = [
            "observed_at",
            "worry",
            "money_missing",
            "items_missing",
            "is_incident",
            "notes",
            "visibility",
        ]
        widgets = {
            "observed_at": DATETIME,
            "money_missing": forms.NumberInput(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"}),
            "items_missing": forms.TextInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "visibility": forms.RadioSelect,
        }
        error_messages = {"notes": {"max_length": LONG_NOTES}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = set(self.instance.signs or ()) if self.instance.pk else set()
        # The checklist goes right after "when", one group per fieldset.
        fields = {"observed_at": self.fields.pop("observed_at")}
        for group in GROUPS:
            name = f"signs_{group.key}"
            fields[name] = _sign_field(group)
            self.initial.setdefault(name, [k for k, _label in group.signs if k in chosen])
        fields.update(self.fields)
        self.fields = fields

    def clean(self):
        cleaned = super().clean()
        signs = []
        for group in GROUPS:
            signs.extend(cleaned.get(f"signs_{group.key}") or [])
        self.instance.signs = signs
        something = (
            signs or cleaned.get("notes") or cleaned.get("money_missing") or cleaned.get("items_missing")
        )
        if (
            not something
            and not cleaned.get("is_incident")
            and cleaned.get("worry") is None
            and not self.errors
        ):
            raise forms.ValidationError(EMPTY_OBSERVATION)
        return cleaned

    def sign_fields(self):
        return [self[f"signs_{g.key}"] for g in GROUPS]

    def other_fields(self):
        return [self[name] for name in self.fields if name != "observed_at" and not name.startswith("signs_")]


class ContactForm(SaneDatesMixin, RecordFormMixin, NotInFutureMixin, forms.ModelForm):
    past_fields = ("contacted_at",)

    class Meta:
        model = Contact
        fields = ["contacted_at", "how", "mood", "who", "place", "notes", "visibility"]
        widgets = {
            "contacted_at": DATETIME,
            "how": forms.RadioSelect,
            "mood": forms.RadioSelect,
            "who": forms.TextInput(),
            "place": forms.TextInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "visibility": forms.RadioSelect,
        }
        error_messages = {"notes": {"max_length": LONG_NOTES}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mood"].choices = list(ContactMood.choices)
        self.fields["how"].choices = list(ContactHow.choices)


class QuickContactForm(forms.Form):
    how = forms.ChoiceField(choices=ContactHow.choices)


class CheckInForm(SaneDatesMixin, NotInFutureMixin, forms.ModelForm):
    past_fields = ("checked_on",)

    class Meta:
        model = CheckIn
        fields = ["checked_on", "stress", "sleep", "mood", "had_support", "note"]
        widgets = {
            "checked_on": DATE,
            "stress": forms.NumberInput(attrs={"min": "0", "max": "10", "inputmode": "numeric"}),
            "sleep": forms.RadioSelect,
            "mood": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "note": {"max_length": LONG_NOTES},
            "stress": {"min_value": STRESS_RANGE, "max_value": STRESS_RANGE, "invalid": STRESS_RANGE},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sleep"].choices = list(self.fields["sleep"].choices)[1:]
        self.fields["mood"].choices = list(self.fields["mood"].choices)[1:]


class PlanForm(forms.ModelForm):
    class Meta:
        model = SelfCarePlan
        fields = ["helps", "people", "limits", "weekly_reminder"]
        widgets = {
            "helps": forms.Textarea(attrs={"rows": 4}),
            "people": forms.Textarea(attrs={"rows": 3}),
            "limits": forms.Textarea(attrs={"rows": 3}),
        }


class SettingsForm(forms.ModelForm):
    class Meta:
        model = JournalSettings
        fields = ["no_contact_days"]


class TimelineFilterForm(SaneDatesMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("What"),
        required=False,
    )
    member = forms.ChoiceField(label=_("Written by"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DATE)
    until = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        from alongside.journal.timeline import kind_choices

        self.fields["kind"].choices = [("", _("Everything")), *kind_choices()]
        self.fields["member"].choices = [("", _("Anyone"))] + [
            (str(m.user.public_id), str(m.user)) for m in members
        ]
        self._members = {str(m.user.public_id): m.user_id for m in members}

    def author_id(self):
        return self._members.get(self.cleaned_data.get("member") or "")

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end of the period cannot be before its start."))
        return cleaned


class PrintPeriodForm(SaneDatesMixin, forms.Form):
    """The days the printed journal covers, on the clock its times are printed in. An empty day
    leaves that end open."""

    since = forms.DateField(label=_("From"), required=False, widget=DATE)
    until = forms.DateField(label=_("To"), required=False, widget=DATE)

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error(
                "until",
                _("The “To” day is before the “From” day. Choose a “To” day on or after the “From” day."),
            )
        return cleaned


NOTES_LIMIT = NOTES_MAX
