"""Form helpers several apps share."""

from __future__ import annotations

from datetime import date, datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST_YEAR = 1900
LATEST_YEAR = 2100


class SaneDatesMixin:
    """Every date and date-time field accepts only years 1900 to 2100: a year 9999 or 0001 is a
    typing slip, and would overflow the time-zone and repeat arithmetic further on (a 500)."""

    def _clean_fields(self):
        super()._clean_fields()
        for name, field in self.fields.items():
            if not isinstance(field, forms.DateField | forms.DateTimeField):
                continue
            value = self.cleaned_data.get(name)
            if isinstance(value, date | datetime) and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
                self.add_error(
                    name,
                    _("Choose a date between %(first)s and %(last)s.")
                    % {"first": EARLIEST_YEAR, "last": LATEST_YEAR},
                )


FUTURE = _("This day has not happened yet. Choose today or an earlier day.")


class NotInFutureMixin:
    """When something happened cannot be later than today, on the clock the view passes as
    ``today`` (the circle's or the member's). ``past_fields`` names the date or date-time fields."""

    past_fields: tuple[str, ...] = ()

    def __init__(self, *args, today=None, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)
        for name in self.past_fields:
            # A callable default (now) adds a hidden copy of the field that Django renders with the
            # field's aria-describedby, which HTML forbids on hidden inputs; nothing here needs it.
            if name in self.fields:
                self.fields[name].show_hidden_initial = False

    def clean(self):
        cleaned = super().clean()
        for name in self.past_fields:
            value = cleaned.get(name)
            if value is None or self.today is None:
                continue
            # A date-time is read on the active clock (the view activates the right time zone).
            day = timezone.localtime(value).date() if isinstance(value, datetime) else value
            if day > self.today:
                self.add_error(name, FUTURE)
        return cleaned
