"""The long select renders the same HTML as Django's own select, in the request's language."""

from __future__ import annotations

import pytest
from django import forms
from django.test.html import parse_html
from django.utils import translation

from alongside.accounts.models import time_zone_choices
from alongside.core.widgets import LongSelect
from alongside.core.zones import zone_choices


class GroupedZones(forms.Form):
    zone = forms.ChoiceField(choices=lambda: zone_choices("Europe/Paris", language="fr"))
    fast = forms.ChoiceField(choices=lambda: zone_choices("Europe/Paris", language="fr"), widget=LongSelect)


@pytest.mark.parametrize("picked", [None, "Europe/Paris", "Asia/Tokyo"])
def test_grouped_choices_render_as_django_s_select_renders_them(picked):
    form = GroupedZones({"zone": picked, "fast": picked} if picked else None)
    form.is_valid()
    plain = str(form["zone"].as_widget()).replace('name="zone"', 'name="fast"').replace("id_zone", "id_fast")
    fast = str(form["fast"].as_widget())
    assert parse_html(fast) == parse_html(plain) and "<optgroup" in fast
    assert fast.count(" selected") == (1 if picked else 0)


class Zones(forms.Form):
    zone = forms.ChoiceField(choices=time_zone_choices, help_text="Where you are.")
    fast = forms.ChoiceField(choices=time_zone_choices, help_text="Where you are.", widget=LongSelect)


@pytest.mark.parametrize(
    "data", [None, {"zone": "Europe/Paris", "fast": "Europe/Paris"}, {"zone": "nowhere", "fast": "nowhere"}]
)
def test_it_renders_what_django_s_select_renders(data):
    form = Zones(data, initial={"zone": "America/New_York", "fast": "America/New_York"})
    form.is_valid()
    plain = str(form["zone"].as_widget()).replace('name="zone"', 'name="fast"').replace("id_zone", "id_fast")
    fast = str(form["fast"].as_widget())
    assert parse_html(fast) == parse_html(plain)
    assert fast.count(" selected") == (0 if data and data["fast"] == "nowhere" else 1)


def test_a_translated_label_follows_the_language_of_each_request():
    from alongside.meetings.forms import MeetingSearchForm

    with translation.override("en"):
        english = str(MeetingSearchForm()["tz"])
    with translation.override("es"):
        spanish = str(MeetingSearchForm({"tz": "Europe/Madrid"})["tz"])
    with translation.override("en"):
        again = str(MeetingSearchForm()["tz"])
    assert "Only each meeting" in english and english == again
    assert "Only each meeting" not in spanish and '<option value="Europe/Madrid" selected>' in spanish
    assert len(time_zone_choices()) > 300 and time_zone_choices() is not time_zone_choices()
