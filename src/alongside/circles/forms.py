from __future__ import annotations

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from alongside.circles.models import Circle, Role
from alongside.core.zones import zone_choices


def _zone_picker(form: forms.BaseForm, hint: str | None, *, browser_fills: bool = True) -> None:
    """The circle's zone with the likely zones first: a new circle takes its creator's zone, and
    the browser's zone fills in when the creator's is still the UTC default."""
    field = form.fields["time_zone"]
    field.choices = zone_choices(hint, language=translation.get_language() or "en")
    if browser_fills and hint in (None, "", "UTC"):
        field.widget.attrs["data-browser-zone"] = "fill"


class CircleForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Circle time zone"), initial="UTC")

    class Meta:
        model = Circle
        fields = ["person_name", "time_zone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _zone_picker(self, self.initial.get("time_zone"))


class CircleSettingsForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Circle time zone"))

    class Meta:
        model = Circle
        fields = ["person_name", "time_zone", "professionals_may_see"]

    def __init__(self, *args, editable: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        _zone_picker(self, self.instance.time_zone, browser_fills=False)
        for name, field in self.fields.items():
            if name not in editable:
                field.disabled = True


class InvitationForm(forms.Form):
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
