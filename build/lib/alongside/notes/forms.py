from __future__ import annotations

from django import forms

from alongside.notes.models import Note


class NoteForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = ["title", "body", "visibility"]
        widgets = {
            "title": forms.TextInput(attrs={"maxlength": 120}),
            "body": forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
            "visibility": forms.RadioSelect,
        }
