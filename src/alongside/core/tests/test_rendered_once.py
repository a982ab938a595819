"""A blank form's kept markup is always the markup Django renders for that form."""

import pytest
from django import forms
from django.utils import translation

from alongside.accounts.models import User
from alongside.core.forms import RenderedOnceWhenBlank


def afresh(form) -> str:
    return forms.BaseForm.render(form)


class Greeting(RenderedOnceWhenBlank, forms.Form):
    name = forms.CharField(label="Name")
    mood = forms.ChoiceField(choices=[("ok", "Okay"), ("low", "Low")], widget=forms.RadioSelect)

    def __init__(self, *args, person="", moods=None, **kwargs):
        super().__init__(*args, **kwargs)
        if person:  # a label made for this reader: the key must see it
            self.fields["name"].label = f"What {person} said"
        if moods:
            self.fields["mood"].choices = moods


class Pick(RenderedOnceWhenBlank, forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.all())


class Account(RenderedOnceWhenBlank, forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]


@pytest.fixture(autouse=True)
def nothing_kept():
    RenderedOnceWhenBlank._kept_renderings.clear()
    yield
    RenderedOnceWhenBlank._kept_renderings.clear()


def test_a_blank_form_is_kept_and_is_what_django_renders():
    first = str(Greeting())
    assert len(RenderedOnceWhenBlank._kept_renderings) == 1
    assert str(Greeting()) == first == afresh(Greeting())


def test_labels_choices_starting_values_and_language_each_change_what_is_shown():
    shown = {
        "plain": str(Greeting()),
        "sam": str(Greeting(person="Sam")),
        "alex": str(Greeting(person="Alex")),
        "moods": str(Greeting(moods=[("ok", "Okay"), ("unsure", "Unsure")])),
        "typed": str(Greeting(initial={"name": "Ana"})),
    }
    with translation.override("es"):
        shown["es"] = str(Greeting())
    assert "What Sam said" in shown["sam"] and "What Alex said" in shown["alex"]
    assert "Unsure" in shown["moods"] and "Unsure" not in shown["plain"]
    assert 'value="Ana"' in shown["typed"] and "Ana" not in shown["plain"]
    assert len(set(shown.values())) == len(shown) - 1  # Spanish: no label of ours is translated...
    assert len(RenderedOnceWhenBlank._kept_renderings) == len(shown)  # ...but it is kept apart


def test_a_posted_form_keeps_what_was_typed_and_is_never_kept():
    posted = Greeting({"name": "Ana", "mood": "nope"})
    assert 'value="Ana"' in str(posted) and "Select a valid choice" in str(posted)
    assert RenderedOnceWhenBlank._kept_renderings == {}
    assert "Ana" not in str(Greeting())


@pytest.mark.django_db
def test_choices_from_the_database_and_saved_records_are_never_kept(make_user):
    ana = make_user("Ana")
    assert str(ana) in str(Pick())
    edit = Account(instance=ana)
    assert edit.initial["display_name"] in str(edit)
    assert RenderedOnceWhenBlank._kept_renderings == {}
