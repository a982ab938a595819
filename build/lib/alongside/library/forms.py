from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.circles.records import Visibility


class ChecklistForm(forms.Form):
    programme = forms.CharField(
        label=_("A name for this checklist"),
        max_length=200,
        help_text=_("For example, the name of the programme you are asking."),
    )
    ticked = forms.MultipleChoiceField(
        label=_("Done so far"), required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label=_("Notes and answers"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see this"), choices=Visibility.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticked"].choices = [(item.key, item.text) for item in items]
