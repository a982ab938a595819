from __future__ import annotations

from functools import lru_cache

from django import forms
from django.utils import translation
from django.utils.choices import BaseChoiceIterator, normalize_choices
from django.utils.translation import gettext_lazy as _

from alongside.circles.models import Circle, Role
from alongside.core.forms import RenderedOnceWhenBlank
from alongside.core.widgets import LongSelect
from alongside.core.zones import zone_choices


class _KeptZoneChoices(BaseChoiceIterator):
    """A zone list built once: a field given it does not check its 600 choices again."""

    def __init__(self, choices: list):
        self.choices = normalize_choices(choices)

    def __iter__(self):
        return iter(self.choices)


@lru_cache(maxsize=64)
def _kept_zone_choices(hint: str | None, language: str) -> _KeptZoneChoices:
    # The same for every form with this hint and language: the zones are the tz database's, and
    # the group labels are translated when the options are rendered.
    return _KeptZoneChoices(zone_choices(hint, language=language))


def _zone_picker(form: forms.BaseForm, hint: str | None, *, browser_fills: bool = True) -> None:
    """The circle's zone with the likely zones first: a new circle takes its creator's zone, and
    the browser's zone fills in when the creator's is still the UTC default."""
    field = form.fields["time_zone"]
    field.choices = _kept_zone_choices(hint, translation.get_language() or "en")
    if browser_fills and hint in (None, "", "UTC"):
        field.widget.attrs["data-browser-zone"] = "fill"


class CircleForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Circle time zone"), initial="UTC", widget=LongSelect)

    class Meta:
        model = Circle
        fields = ["person_name", "time_zone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _zone_picker(self, self.initial.get("time_zone"))


class CircleSettingsForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Circle time zone"), widget=LongSelect)

    class Meta:
        model = Circle
        fields = ["person_name", "time_zone", "professionals_may_see"]

    def __init__(self, *args, editable: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        _zone_picker(self, self.instance.time_zone, browser_fills=False)
        for name, field in self.fields.items():
            if name not in editable:
                field.disabled = True


class InvitationForm(RenderedOnceWhenBlank, forms.Form):
    # Its markup is its fields' alone (fixed choices, no record): a blank one is kept.
    role = forms.ChoiceField(
        label=_("Their role"),
        choices=Role.choices,
        initial=Role.SUPPORTER,
        help_text=_(
            "Supporters see what is shared with supporters. The person sees only what is shared with "
            "the whole circle. Professionals see only what is shared with professionals."
        ),
    )
    label = forms.CharField(
        label=_("Who it is for (optional)"),
        required=False,
        max_length=60,
        help_text=_("Only for you to recognise the link later."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class InviteeForm(RenderedOnceWhenBlank, forms.Form):
    """One person to invite by e-mail, on the page that follows creating a circle. Its markup is
    its fields' alone, so each blank row (its prefix is in the key) is kept."""

    name = forms.CharField(label=_("Their name"), required=False, max_length=60)
    email = forms.EmailField(label=_("Their e-mail address"), required=False)
    role = forms.ChoiceField(label=_("Their role"), choices=Role.choices, initial=Role.SUPPORTER)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("Add their e-mail address, or leave the name empty."))
        return cleaned


InviteeFormSet = forms.formset_factory(InviteeForm, extra=3, max_num=10)


class StoryAccessForm(forms.Form):
    allowed = forms.MultipleChoiceField(
        label=_("Who may change my recovery count, goal and medications"),
        help_text=_(
            "Nobody but you, unless you tick them. You see every change they make, with who and when, "
            "and you can undo it."
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allowed"].choices = [(str(m.pk), f"{m.user} ({m.get_role_display()})") for m in members]
        if not self.is_bound:
            self.initial["allowed"] = [str(m.pk) for m in members if m.may_update_persons_records]
