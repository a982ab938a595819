from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User, time_zone_choices


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    display_name = forms.CharField(
        label=_("Your name, as your circle will see it"),
        max_length=60,
        help_text=_("A first name or a nickname is enough."),
    )

    field_order = ["display_name", "email", "password1", "password2"]

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"].strip()
        user.save(update_fields=["display_name"])


class PreferencesForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)

    class Meta:
        model = User
        fields = ["display_name", "time_zone", "discreet_mode"]
