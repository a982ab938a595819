from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.reminders.events import Channel, EventType


class PreferencesForm(forms.Form):
    quiet_start = forms.TimeField(
        label=_("Quiet hours start"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    quiet_end = forms.TimeField(
        label=_("Quiet hours end"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    show_details = forms.BooleanField(
        label=_("Show what the reminder is about in e-mails and device notifications"),
        required=False,
        help_text=_("Off by default: anyone who sees your screen only reads 'You have a new reminder'."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for event in EventType:
            self.fields[f"event_{event.value}"] = forms.MultipleChoiceField(
                label=event.label,
                choices=Channel.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def event_fields(self):
        return [self[f"event_{event.value}"] for event in EventType]

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("quiet_start")) != bool(cleaned.get("quiet_end")):
            raise forms.ValidationError(_("Give both a start and an end for quiet hours, or neither."))
        return cleaned

    def wanted(self) -> set[str]:
        return {
            f"{event.value}:{channel}"
            for event in EventType
            for channel in self.cleaned_data.get(f"event_{event.value}", [])
        }
