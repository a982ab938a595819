from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from alongside.circles.records import RecordFormMixin, Visibility
from alongside.core.forms import SaneDatesMixin
from alongside.directory import features as feats
from alongside.directory.importers import CSV_FIELDS
from alongside.directory.models import CallLog, ShortlistItem, ShortlistKind
from alongside.directory.search import DEFAULT_RADIUS, RADIUS_CHOICES, Filters


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Where?"),
        required=False,
        max_length=120,
        help_text=_(
            "A US ZIP code, the first three characters of a Canadian postal code, or a city, such as "
            '"Toronto, ON".'
        ),
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    radius = forms.TypedChoiceField(
        label=_("How far?"),
        coerce=int,
        initial=DEFAULT_RADIUS,
        required=False,
        choices=[(m, m) for m in RADIUS_CHOICES],
    )
    language = forms.ChoiceField(label=_("Language besides English"), required=False)

    def __init__(self, *args, country: str = "", use_km: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for group, label in feats.GROUPS.items():
            self.fields[group] = forms.MultipleChoiceField(
                label=label,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=[(f.key, f.label) for f in feats.by_group(group)],
            )
        self.for_country(country, use_km=use_km)
        self.fields["language"].choices = [("", _("Any"))] + list(feats.LANGUAGES.items())
        # Keep the place box first and the language last, as people read the form.
        order = ["q", "lat", "lon", "radius", *feats.GROUPS, "language"]
        self.order_fields(order)

    @property
    def filters_in_use(self) -> int:
        """How many filters are chosen: shown on the folded filter list so results come first."""
        if not self.is_bound:
            return 0
        return sum(len(self.data.getlist(g)) for g in feats.GROUPS) + (1 if self.data.get("language") else 0)

    def for_country(self, country: str, *, use_km: bool) -> None:
        """Offer only the filters that exist where the search is, and its units (set again once the
        place is known)."""
        self.country = country or ""
        self.fields["radius"].choices = [
            (
                m,
                _("%(km)s km (%(miles)s miles)") % {"miles": m, "km": round(m * 1.609344)}
                if use_km
                else _("%(miles)s miles (%(km)s km)") % {"miles": m, "km": round(m * 1.609344)},
            )
            for m in RADIUS_CHOICES
        ]
        for group in feats.GROUPS:
            self.fields[group].choices = [(f.key, f.label) for f in feats.by_group(group, self.country)]

    def filters(self) -> Filters:
        data = self.cleaned_data
        keys = {
            key
            for group in feats.GROUPS
            for key in data.get(group) or []
            if feats.offered_in(key, self.country)
        }
        return Filters(frozenset(keys), data.get("language") or "")

    def radius_miles(self) -> int:
        return self.cleaned_data.get("radius") or DEFAULT_RADIUS


VISIBILITY_WIDGET = forms.RadioSelect


class ShortlistAddForm(RecordFormMixin, forms.Form):
    kind = forms.ChoiceField(choices=ShortlistKind.choices, widget=forms.HiddenInput)
    ref = forms.CharField(max_length=200, widget=forms.HiddenInput)
    name = forms.CharField(max_length=300, widget=forms.HiddenInput)
    phone = forms.CharField(max_length=60, required=False, widget=forms.HiddenInput)
    address = forms.CharField(max_length=400, required=False, widget=forms.HiddenInput)
    url = forms.CharField(max_length=500, required=False, widget=forms.HiddenInput)
    visibility = forms.ChoiceField(
        label=_("Who can see this"), choices=Visibility.choices, widget=VISIBILITY_WIDGET
    )

    def clean_url(self) -> str:
        from alongside.directory.services import is_web_url

        url = self.cleaned_data["url"].strip()
        if url and not is_web_url(url):
            raise forms.ValidationError(
                _("Only a web address starting with http:// or https:// can be saved.")
            )
        return url


class ShortlistItemForm(RecordFormMixin, forms.ModelForm):
    class Meta:
        model = ShortlistItem
        fields = ["notes", "visibility"]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
            "visibility": VISIBILITY_WIDGET,
        }


class CallLogForm(SaneDatesMixin, RecordFormMixin, forms.ModelForm):
    class Meta:
        model = CallLog
        fields = ["called_at", "outcome", "waiting_list", "cost", "intake_steps", "notes", "visibility"]
        widgets = {
            "called_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "waiting_list": forms.TextInput(attrs={"maxlength": 500}),
            "cost": forms.TextInput(attrs={"maxlength": 500}),
            "intake_steps": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
            "notes": forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
            "visibility": VISIBILITY_WIDGET,
        }
        help_texts = {
            "waiting_list": _("For example: two weeks; call back on Monday."),
            "cost": _("For example: sliding scale, first visit free."),
            "intake_steps": _("What they asked for and what happens next."),
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Files"),
        help_text=_("The treatment locator's JSON export (every page at once) or one CSV file."),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[
            ("", _("Work it out from the file name")),
            ("locator", _("US treatment locator (JSON)")),
            ("csv", _("CSV with a column mapping")),
        ],
    )
    source = forms.SlugField(label=_("Source key (CSV)"), required=False, max_length=80)
    label = forms.CharField(
        label=_("Source name shown beside each result (CSV)"), required=False, max_length=200
    )
    country = forms.ChoiceField(
        label=_("Country of rows that do not say (CSV)"),
        required=False,
        choices=[("", "—"), ("US", _("United States")), ("CA", _("Canada"))],
    )
    mapping = forms.CharField(
        label=_("Column mapping (CSV)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mapping"].help_text = (
            _(
                "One per line: our field=their column. Our fields: %(fields)s, or a filter key for a yes/no column."
            )
            % {"fields": ", ".join(CSV_FIELDS)}
            + " "
            + _(
                "A list with no id column can use several columns that together tell its rows apart, joined "
                "with +, for example: id=Name+Street+Postal code."
            )
        )

    def clean_files(self):
        files = self.cleaned_data["files"]
        limit_mb = settings.DIRECTORY_MAX_UPLOAD_MB
        for upload in files:
            if upload.size > limit_mb * 1024 * 1024:
                raise forms.ValidationError(
                    _(
                        "%(name)s is larger than the limit of %(limit)s MB. Split the export into pages, or ask the "
                        "server's administrator to import it with the import_facilities command."
                    )
                    % {"name": upload.name, "limit": limit_mb}
                )
        return files
