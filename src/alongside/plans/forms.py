from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.circles.records import RecordFormMixin
from alongside.core.forms import NotInFutureMixin, SaneDatesMixin
from alongside.plans.ichecks import check_statement
from alongside.plans.models import (
    SECTION_KEYS,
    Boundary,
    BoundaryTest,
    ConversationOutcome,
    ConversationPlan,
    FollowedThrough,
    GoalChoice,
    PersonalGoal,
    RelapsePlan,
)


def _area(rows: int, maxlength: int, **extra) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "maxlength": maxlength, **extra})


class BoundaryForm(RecordFormMixin, forms.ModelForm):
    class Meta:
        model = Boundary
        fields = ["what", "why", "consequence", "held_by", "status", "visibility"]
        widgets = {
            "what": _area(2, 300),
            "why": _area(3, 1000),
            "consequence": _area(2, 500),
            "held_by": forms.TextInput(attrs={"maxlength": 120}),
            "visibility": forms.RadioSelect,
        }
        error_messages = {
            "what": {"required": _("Write what you will or will not do.")},
            "why": {"required": _("Write why this matters to you. It helps you hold the boundary calmly.")},
            "consequence": {
                "required": _("Write what follows if it is crossed, something you are ready to do.")
            },
        }


class BoundaryTestForm(SaneDatesMixin, NotInFutureMixin, forms.ModelForm):
    past_fields = ("happened_on",)

    class Meta:
        model = BoundaryTest
        fields = ["happened_on", "what_happened", "followed_through"]
        widgets = {
            "happened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "what_happened": _area(3, 1000),
            "followed_through": forms.RadioSelect,
        }
        error_messages = {
            "happened_on": {
                "required": _("Give the day it happened."),
                "invalid": _("Give the day as a date."),
            },
            "followed_through": {"required": _("Say whether the consequence followed.")},
            "what_happened": {"required": _("Write a few words about what happened.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["followed_through"].choices = FollowedThrough.choices


class ConversationPlanForm(RecordFormMixin, forms.ModelForm):
    """The guided conversation form. Wording that may start an argument is flagged before saving;
    the writer can keep it as it is with one tick."""

    keep_wording = forms.BooleanField(
        label=_("I have read the hints and want to keep my wording as it is"), required=False
    )
    shortlist = forms.MultipleChoiceField(
        label=_("Add options from the treatment shortlist"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What you tick is added to the options above, with its phone number."),
    )

    class Meta:
        model = ConversationPlan
        fields = [
            "goal",
            "moment",
            "opening",
            "i_statements",
            "ask_help",
            "options",
            "if_no",
            "self_care",
            "visibility",
        ]
        widgets = {
            "goal": _area(2, 300),
            "moment": _area(2, 300),
            "opening": _area(3, 600),
            "i_statements": _area(5, 1500),
            "ask_help": _area(2, 600),
            "options": _area(3, 1500),
            "if_no": _area(2, 600),
            "self_care": _area(2, 600),
            "visibility": forms.RadioSelect,
        }
        error_messages = {
            "goal": {"required": _("Write the goal of this talk, in one sentence.")},
            "moment": {"required": _("Choose a calm moment for the talk.")},
            "opening": {"required": _("Write how you will open, starting from care.")},
            "i_statements": {"required": _("Write at least one I-statement.")},
        }

    def __init__(self, *args, shortlist: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.flags = []
        self.fields["i_statements"].widget.attrs["aria-describedby"] = "ichecks-result"
        if shortlist:
            self.fields["shortlist"].choices = shortlist
        else:
            del self.fields["shortlist"]
        # The shortlist choices sit right after the options they add to.
        order = list(self.fields)
        if "shortlist" in order:
            order.remove("shortlist")
            order.insert(order.index("options") + 1, "shortlist")
            self.order_fields(order)

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("i_statements") or ""
        self.flags = check_statement(text)
        if self.flags and not cleaned.get("keep_wording"):
            self.add_error(
                "i_statements",
                _(
                    "Some wording may sound like blame. Read the hints below, change it, or tick the box to keep it."
                ),
            )
        labels = dict(self.fields["shortlist"].choices) if "shortlist" in self.fields else {}
        options = cleaned.get("options") or ""
        added = [
            labels[key]
            for key in cleaned.get("shortlist") or []
            if labels.get(key) and labels[key] not in options
        ]
        if added:
            options = "\n".join(filter(None, [options.rstrip(), *added]))
            if len(options) > 1500:
                self.add_error(
                    "shortlist",
                    _("With these added, the options would be too long. Shorten the options first."),
                )
            else:
                cleaned["options"] = options
                self.instance.options = options
        return cleaned


class OutcomeForm(SaneDatesMixin, NotInFutureMixin, forms.ModelForm):
    past_fields = ("happened_on",)

    class Meta:
        model = ConversationOutcome
        fields = ["happened_on", "how_it_went", "next_time"]
        widgets = {
            "happened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "how_it_went": _area(3, 1500),
            "next_time": _area(2, 1000),
        }
        error_messages = {
            "happened_on": {
                "required": _("Give the day you talked."),
                "invalid": _("Give the day as a date."),
            },
            "how_it_went": {"required": _("Write a few words about how it went.")},
        }


class RelapsePlanForm(SaneDatesMixin, RecordFormMixin, forms.ModelForm):
    class Meta:
        model = RelapsePlan
        fields = [*SECTION_KEYS, "made_with_person", "visibility"]
        widgets = {key: _area(3, 1500) for key in SECTION_KEYS} | {"visibility": forms.RadioSelect}

    def __init__(self, *args, person_is_author: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for key in SECTION_KEYS:
            self.fields[key].widget.attrs["maxlength"] = self.fields[key].max_length
        if person_is_author:
            del self.fields["made_with_person"]

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(key) or "").strip() for key in SECTION_KEYS):
            raise forms.ValidationError(_("The plan is empty. Write something in at least one section."))
        return cleaned

    def sections(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key in SECTION_KEYS}


class GoalForm(SaneDatesMixin, RecordFormMixin, forms.ModelForm):
    class Meta:
        model = PersonalGoal
        fields = ["choice", "in_their_words", "agreed_by_person", "visibility"]
        widgets = {
            "choice": forms.RadioSelect,
            "in_their_words": _area(3, 1000),
            "visibility": forms.RadioSelect,
        }
        error_messages = {"choice": {"required": _("Choose one. “Not decided yet” is a fine answer.")}}

    def __init__(self, *args, person_is_author: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = GoalChoice.choices  # no empty "-----" radio
        self.person_is_author = person_is_author
        if person_is_author:
            del self.fields["agreed_by_person"]
            self.fields["in_their_words"].label = _("in my own words")
        else:
            self.fields["agreed_by_person"].help_text = _(
                "Record their goal only after they have told you, and agreed that you write it down."
            )

    def clean_agreed_by_person(self):
        agreed = self.cleaned_data.get("agreed_by_person")
        if not agreed:
            raise forms.ValidationError(
                _("Record the goal only with the person's agreement. Tick the box once they have agreed.")
            )
        return agreed


class PersonsGoalForm(forms.ModelForm):
    """For a member the person allowed to change their goal: the goal and words only."""

    class Meta:
        model = PersonalGoal
        fields = ["choice", "in_their_words"]
        widgets = {"choice": forms.RadioSelect, "in_their_words": _area(3, 1000)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = GoalChoice.choices


class CheckForm(forms.Form):
    i_statements = forms.CharField(required=False, max_length=1500)
