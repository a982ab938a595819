from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import time_zone_choices
from alongside.circles.models import Circle, Role


class CircleForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Circle time zone"), choices=time_zone_choices, initial="UTC")

    class Meta:
        model = Circle
        fields = ["person_name", "time_zone"]


class CircleSettingsForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Circle time zone"), choices=time_zone_choices)

    class Meta:
        model = Circle
        fields = ["person_name", "time_zone", "professionals_may_see"]

    def __init__(self, *args, editable: set[str], **kwargs):
        super().__init__(*args, **kwargs)
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
