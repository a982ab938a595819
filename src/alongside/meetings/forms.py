from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import time_zone_choices
from alongside.core.widgets import LongSelect
from alongside.meetings.models import DAY_NAMES, Attendance, Fellowship
from alongside.meetings.search import Criteria

RADIUS_CHOICES = [
    (5, _("5 miles (8 km)")),
    (10, _("10 miles (16 km)")),
    (25, _("25 miles (40 km)")),
    (50, _("50 miles (80 km)")),
    (100, _("100 miles (160 km)")),
]


class MeetingSearchForm(forms.Form):
    """The filters, read from the query string so every search is a link and works without JavaScript."""

    families = forms.BooleanField(
        label=_(
            "Only meetings for families and friends (Nar-Anon, Al-Anon, Families Anonymous, SMART Family & "
            "Friends, and meetings with Al-Anon or Alateen alongside)"
        ),
        required=False,
    )
    fellowship = forms.ChoiceField(label=_("Fellowship"), required=False)
    attendance = forms.ChoiceField(
        label=_("How to attend"),
        required=False,
        choices=[
            ("", _("Any way")),
            (Attendance.IN_PERSON, _("I can go in person")),
            (Attendance.ONLINE, _("I want to join online")),
            (Attendance.HYBRID, _("In person and online")),
        ],
    )
    day = forms.TypedChoiceField(label=_("Day"), required=False, coerce=int, empty_value=None)
    place = forms.CharField(
        label=_("Near a town, ZIP code or postal code"),
        required=False,
        max_length=120,
        help_text=_("For Canada, the first three characters of the postal code are enough."),
    )
    miles = forms.TypedChoiceField(
        label=_("Within"), required=False, coerce=int, choices=RADIUS_CHOICES, empty_value=25
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    tz = forms.ChoiceField(label=_("Show times also in this time zone"), required=False, widget=LongSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fellowship"].choices = [("", _("Any fellowship")), *Fellowship.choices]
        self.fields["day"].choices = [
            ("", _("Any day")),
            *((str(i), name) for i, name in enumerate(DAY_NAMES)),
        ]
        self.fields["tz"].choices = [("", _("Only each meeting's own time zone")), *time_zone_choices()]
        self.place_label = ""
        self.place_country = ""

    def clean(self):
        data = super().clean()
        place_text = (data.get("place") or "").strip()
        if place_text:
            place = _resolve(place_text)
            if place is None:
                self.add_error(
                    "place",
                    _(
                        "We could not find that place. Try a US ZIP code, the first three characters of a "
                        "Canadian postal code, or a city name such as “Toronto, ON”."
                    ),
                )
            else:
                data["lat"], data["lon"] = place.latitude, place.longitude
                self.place_label = place.label or place_text
                self.place_country = place.country
        elif (data.get("lat") is None) != (data.get("lon") is None):
            raise forms.ValidationError(
                _("Your location arrived incomplete. Please try again or type a place.")
            )
        return data

    def criteria(self) -> Criteria:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return Criteria(
            fellowship=data.get("fellowship") or "",
            families=bool(data.get("families")),
            attendance=data.get("attendance") or "",
            day=data.get("day"),
            latitude=data.get("lat"),
            longitude=data.get("lon"),
            miles=data.get("miles") or 25,
        )


def _resolve(text: str):
    try:
        from alongside.directory import places
    except ImportError:  # the directory app's place data is optional for meetings
        return None
    return places.resolve(text)


MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class MeetingUploadForm(forms.Form):
    """The host's upload of a meeting list file."""

    file = forms.FileField(
        label=_("Meeting list file (JSON)"),
        help_text=_("A Meeting Guide feed, or the JSON a BMLT server returns for GetSearchResults."),
    )
    source = forms.SlugField(
        label=_("Short name for this list"),
        max_length=64,
        help_text=_(
            "Use the same name each time you import the same list: meetings missing from the new file are removed."
        ),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone for meetings whose place does not settle one"),
        required=False,
        widget=LongSelect,
        help_text=_(
            "Each meeting's own zone comes first, then the zone of its coordinates, postal code or region."
        ),
    )
    fellowship = forms.ChoiceField(label=_("Fellowship"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [("", _("None: leave such meetings out")), *time_zone_choices()]
        self.fields["fellowship"].choices = [
            ("", _("As each meeting says (BMLT lists are NA)")),
            *Fellowship.choices,
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("This file is larger than 50 MB. Split it into several lists."))
        return upload


class MeetingFeedForm(forms.Form):
    """The host registers a meeting list by its address; the worker refreshes it daily."""

    url = forms.URLField(
        label=_("Feed address"),
        max_length=2000,
        assume_scheme="https",
        help_text=_("A Meeting Guide JSON feed, or a BMLT server query ending in switcher=GetSearchResults."),
    )
    source = forms.SlugField(
        label=_("Short name for this list"),
        max_length=64,
        help_text=_("Registering the same name again replaces its address."),
    )
    # The same choices as the upload: the host's fellowship and an optional fallback zone, never the
    # server's zone silently.
    time_zone = forms.ChoiceField(
        label=_("Time zone for meetings whose place does not settle one"),
        required=False,
        widget=LongSelect,
        help_text=_(
            "Each meeting's own zone comes first, then the zone of its coordinates, postal code or region."
        ),
    )
    fellowship = forms.ChoiceField(label=_("Fellowship"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [("", _("None: leave such meetings out")), *time_zone_choices()]
        self.fields["fellowship"].choices = [
            ("", _("As each meeting says (BMLT lists are NA)")),
            *Fellowship.choices,
        ]
