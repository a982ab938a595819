"""The worksheet of each skill (one form class per skill), the practice and "How did it go?".

A worksheet form is a plain form: its fields (but ``visibility`` and ``notes``) are kept in the
worksheet's encrypted ``answers``, empty ones left out, so saving a form unchanged stores exactly
what was there. Dates are kept as ISO text.
"""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alongside.circles.records import RecordFormMixin, Visibility
from alongside.core.forms import SaneDatesMixin
from alongside.core.zones import local_today, zone
from alongside.programme.models import Outcome, Practice

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
LINE = 300
TEXT = 2000


def _line(label, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=LINE, help_text=help_text, widget=forms.TextInput()
    )


def _text(label, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _visibility_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Who can see this"),
        choices=Visibility.choices,
        initial=Visibility.ONLY_ME,
        widget=forms.RadioSelect,
    )


class WorksheetForm(SaneDatesMixin, RecordFormMixin, forms.Form):
    """The fields every worksheet shares. Subclasses add theirs and say how they are grouped."""

    skill: str = ""

    def __init__(self, *args, worksheet=None, **kwargs):
        self.worksheet = worksheet
        self.extra = {key: kwargs.pop(key) for key in ("boundaries", "situations") if key in kwargs}
        initial = dict(kwargs.pop("initial", None) or {})
        if worksheet is not None:
            initial.update(worksheet.answers or {})
            initial["notes"] = worksheet.notes
        else:
            initial.setdefault("visibility", Visibility.ONLY_ME)  # private until the member shares it
        super().__init__(*args, record=worksheet, initial=initial, **kwargs)
        self.fields["notes"] = _text(_("Anything else you want to remember"))
        self.fields["visibility"] = _visibility_field()
        if worksheet is not None:
            self.initial["visibility"] = worksheet.visibility

    def groups(self) -> list[tuple[object, list]]:
        """(legend or None, bound fields) in the order the page shows them."""
        own = [name for name in self.fields if name not in ("notes", "visibility")]
        return [(None, [self[name] for name in own])]

    def answers(self) -> dict:
        """The answers to keep: every field but the shared two, empty ones left out."""
        kept = {}
        for name, value in self.cleaned_data.items():
            if name in ("notes", "visibility") or value in ("", None, [], ()):
                continue
            kept[name] = value.isoformat() if isinstance(value, datetime.date) else value
        return kept


class UnderstandingUseForm(WorksheetForm):
    skill = "understanding-use"
    ROWS = 5
    COLUMNS = (
        ("when", _("When"), _("Day and time")),
        ("where", _("Where"), ""),
        ("who", _("With whom"), ""),
        (
            "before",
            _("What comes before (triggers)"),
            _("For example: pay day, an argument, certain friends"),
        ),
        ("after", _("What follows (consequences)"), _("For example: sleeps all day, asks for money")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for row in range(1, self.ROWS + 1):
            for key, label, help_text in self.COLUMNS:
                self.fields[f"{key}_{row}"] = _line(label, help_text if row == 1 else "")
        self.order_fields([f"{key}_{row}" for row in range(1, self.ROWS + 1) for key, _l, _h in self.COLUMNS])

    def groups(self):
        return [
            (
                _("Time %(number)s") % {"number": row},
                [self[f"{key}_{row}"] for key, _l, _h in self.COLUMNS],
            )
            for row in range(1, self.ROWS + 1)
        ]


class StayingSafeForm(WorksheetForm):
    skill = "staying-safe"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["warning_signs"] = _text(_("Warning signs of violence I have seen"))
        self.fields["where_to_go"] = _line(_("Where I would go"))
        self.fields["whom_to_call"] = _line(_("Whom I would call"))
        self.fields["when_to_leave"] = _text(_("When I will leave"))
        self.order_fields(["warning_signs", "where_to_go", "whom_to_call", "when_to_leave"])


class PositiveCommunicationForm(WorksheetForm):
    skill = "positive-communication"
    COUNT = 3

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, self.COUNT + 1):
            self.fields[f"said_{n}"] = _line(_("Something I said recently"))
            self.fields[f"rewrite_{n}"] = _line(
                _("How I could say it now"), _("Start from yourself: “I feel…”")
            )
        self.fields["help_line"] = _line(
            _("The “ask what help they want” line I will practise"),
            _("For example: “What would help you most right now?”"),
        )
        self.order_fields(
            [f"{kind}_{n}" for n in range(1, self.COUNT + 1) for kind in ("said", "rewrite")] + ["help_line"]
        )

    def groups(self):
        rows = [
            (_("Sentence %(number)s") % {"number": n}, [self[f"said_{n}"], self[f"rewrite_{n}"]])
            for n in range(1, self.COUNT + 1)
        ]
        return [*rows, (_("Asking what help they want"), [self["help_line"]])]

    def rewrites(self) -> list[str]:
        source = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else self.initial
        return [source.get(f"rewrite_{n}") or "" for n in range(1, self.COUNT + 1)]


class RewardingNonUseForm(WorksheetForm):
    skill = "rewarding-non-use"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enjoy_together"] = _text(
            _("Things we enjoy together that cannot happen while they use"),
            _("For example: a walk, cooking together, a film, a visit to family"),
        )
        self.fields["when_to_offer"] = _text(_("When I will offer them"))
        self.order_fields(["enjoy_together", "when_to_offer"])


class NaturalConsequencesForm(WorksheetForm):
    skill = "natural-consequences"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        situations = self.extra.get("situations") or []
        boundaries = self.extra.get("boundaries") or []
        self.fields["stop_doing"] = forms.MultipleChoiceField(
            label=_("What I will stop doing"),
            choices=situations,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("From the enabling-or-supporting guide."),
        )
        self.fields["stop_doing_other"] = _text(_("Anything else I will stop doing"))
        self.fields["boundaries"] = forms.MultipleChoiceField(
            label=_("The boundaries this ties to"),
            choices=boundaries,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        if not boundaries:
            del self.fields["boundaries"]
        self.order_fields(["stop_doing", "stop_doing_other", "boundaries"])


class ProblemSolvingForm(WorksheetForm):
    skill = "problem-solving"
    OPTIONS = 4

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"] = _line(_("The problem"), _("One problem, small and clear."))
        for n in range(1, self.OPTIONS + 1):
            self.fields[f"option_{n}"] = _line(_("Option"))
            self.fields[f"pros_{n}"] = _line(_("Good points"))
            self.fields[f"cons_{n}"] = _line(_("Bad points"))
        self.fields["first_step"] = _line(_("My first step"))
        self.fields["step_date"] = forms.DateField(
            label=_("When I will take it"), required=False, widget=DATE
        )
        self.order_fields(
            ["problem"]
            + [f"{k}_{n}" for n in range(1, self.OPTIONS + 1) for k in ("option", "pros", "cons")]
            + ["first_step", "step_date"]
        )

    def groups(self):
        return [
            (None, [self["problem"]]),
            *[
                (
                    _("Option %(number)s") % {"number": n},
                    [self[f"{k}_{n}"] for k in ("option", "pros", "cons")],
                )
                for n in range(1, self.OPTIONS + 1)
            ],
            (_("First step"), [self["first_step"], self["step_date"]]),
        ]


class YourOwnLifeForm(WorksheetForm):
    skill = "your-own-life"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"] = _text(_("Activities just for me"))
        self.fields["support"] = _text(_("Support for me"), _("People, groups or services that help you."))
        self.order_fields(["activities", "support"])


WINDOWS = (
    ("after_bad_event", _("After a bad event")),
    ("when_they_ask", _("When they ask for help")),
    ("remorse", _("When they feel sorry (remorse)")),
    ("other", pgettext_lazy("window of opportunity", "Another moment")),
)


class InvitingToTreatmentForm(WorksheetForm):
    skill = "inviting-to-treatment"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["windows"] = forms.MultipleChoiceField(
            label=_("Windows of opportunity I have noticed"),
            choices=WINDOWS,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["windows_other"] = _line(_("Another moment, in my words"))
        self.fields["what_to_say"] = _text(_("What I will say"))
        self.fields["if_no"] = _text(_("What I will do if the answer is no"))
        self.fields["try_again"] = _line(_("When I will try again"))
        self.order_fields(["windows", "windows_other", "what_to_say", "if_no", "try_again"])


FORMS: dict[str, type[WorksheetForm]] = {
    form.skill: form
    for form in (
        UnderstandingUseForm,
        StayingSafeForm,
        PositiveCommunicationForm,
        RewardingNonUseForm,
        NaturalConsequencesForm,
        ProblemSolvingForm,
        YourOwnLifeForm,
        InvitingToTreatmentForm,
    )
}


class PracticeForm(SaneDatesMixin, RecordFormMixin, forms.ModelForm):
    """What I will try, by when, and an optional reminder (a day and a time on my own clock)."""

    remind_on = forms.DateField(label=_("Remind me on"), required=False, widget=DATE)
    remind_time = forms.TimeField(label=_("at"), required=False, widget=TIME)

    class Meta:
        model = Practice
        fields = ["what", "due_on", "remind_on", "remind_time", "visibility"]
        widgets = {
            "what": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
            "due_on": DATE,
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, user, now=None, **kwargs):
        self.user = user
        self.now = now or timezone.now()
        super().__init__(*args, **kwargs)
        self.fields["due_on"].label = _("By when")
        self.fields["what"].label = _("What I will try")
        self.fields["remind_on"].help_text = _("Optional. The reminder comes to you only.")
        if self.instance.remind_at and not self.is_bound:
            local = self.instance.remind_at.astimezone(zone(user.time_zone))
            self.initial["remind_on"], self.initial["remind_time"] = (
                local.date(),
                local.time().replace(second=0),
            )

    def clean(self):
        cleaned = super().clean()
        today = local_today(self.user.time_zone, self.now)
        due_on = cleaned.get("due_on")
        if due_on and "due_on" in self.changed_data and due_on < today:
            self.add_error("due_on", _("Choose today or a later day."))
        day, at = cleaned.get("remind_on"), cleaned.get("remind_time")
        if day and at is None:
            self.add_error("remind_time", _("Choose a time for the reminder, or leave the day empty."))
        elif at is not None and day is None:
            self.add_error("remind_on", _("Choose a day for the reminder, or leave the time empty."))
        elif day and at is not None:
            moment = datetime.datetime.combine(day, at, tzinfo=zone(self.user.time_zone))
            changed = {"remind_on", "remind_time"} & set(self.changed_data)
            if changed and moment <= self.now:
                self.add_error("remind_on", _("Choose a moment that has not passed yet."))
            cleaned["remind_at"] = moment
        else:
            cleaned["remind_at"] = None
        return cleaned

    def save(self, commit=True):
        self.instance.remind_at = self.cleaned_data.get("remind_at")
        return super().save(commit=commit)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("How did it go?"), choices=Outcome.choices, widget=forms.RadioSelect)
    outcome_notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
