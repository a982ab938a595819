from __future__ import annotations

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import LANGUAGE_CHOICES, User
from alongside.core.widgets import LongSelect
from alongside.core.zones import is_valid_zone, zone_choices

YOUR_ZONE = _("Your time zone")
ZONE_HELP = _(
    "Reminders and times are shown on this clock. Your browser's zone is chosen for you when we can read it."
)


def zone_field(*hints, language: str, browser_fills: bool = True, label=YOUR_ZONE) -> forms.ChoiceField:
    """A zone picker with the likely zones first; a small script selects the browser's zone."""
    field = forms.ChoiceField(
        label=label, choices=zone_choices(*hints, language=language), help_text=ZONE_HELP, widget=LongSelect
    )
    if browser_fills:
        field.widget.attrs["data-browser-zone"] = "fill"
    return field


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form: a name, and the member's clock and language,
    both taken from the browser and shown here to confirm."""

    display_name = forms.CharField(
        label=_("Your name, as your circle will see it"),
        max_length=60,
        help_text=_("A first name or a nickname is enough."),
    )
    language = forms.ChoiceField(
        label=_("Your language"),
        choices=LANGUAGE_CHOICES,
        required=False,
        help_text=_("Reminders and e-mails are written in this language."),
    )

    field_order = ["display_name", "email", "password1", "password2", "time_zone", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = translation.get_language() or "en"
        self.fields["time_zone"] = zone_field(language=language)
        self.fields["time_zone"].initial = "UTC"
        self.fields["time_zone"].required = False  # a form sent without it keeps the UTC default
        self.fields["language"].initial = language[:2] if language[:2] in dict(LANGUAGE_CHOICES) else "en"
        self.order_fields(self.field_order)

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"].strip()
        zone = self.cleaned_data.get("time_zone")
        user.time_zone = zone if is_valid_zone(zone) else "UTC"
        user.language = self.cleaned_data.get("language") or self.fields["language"].initial
        user.save(update_fields=["display_name", "time_zone", "language"])


class PreferencesForm(forms.ModelForm):
    language = forms.ChoiceField(
        label=_("Language"),
        choices=LANGUAGE_CHOICES,
        required=False,
        help_text=_("Pages, reminders and e-mails use this language."),
    )

    class Meta:
        model = User
        fields = ["display_name", "time_zone", "language", "discreet_mode"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.time_zone if self.instance else None
        self.fields["time_zone"] = zone_field(
            current,
            language=translation.get_language() or "en",
            browser_fills=current in (None, "", "UTC"),
            label=_("Time zone"),
        )
        self.order_fields(self.Meta.fields)

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or self.instance.language or "en"
