"""Form helpers several apps share."""

from __future__ import annotations

from datetime import date, datetime

from django import forms
from django.utils import timezone, translation
from django.utils.functional import Promise
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


class _NotKeptable(Exception):
    """A form whose markup may depend on something the key cannot see: render it afresh."""


def _plain(value):
    """A hashable, content-based stand-in for a value that shapes a form's markup."""
    if value is None or isinstance(value, str | int | float | bool | date | datetime):
        return (type(value).__name__, value)
    if isinstance(value, Promise):  # a lazy translation: its text in the active language
        return ("text", str(value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(k), _plain(v)) for k, v in value.items())))
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return ("seq", tuple(sorted(items) if isinstance(value, set | frozenset) else items))
    raise _NotKeptable(type(value).__name__)


def _field_key(form, name: str, field) -> tuple:
    if isinstance(field, forms.ModelChoiceField) or callable(field.initial) and name not in form.initial:
        raise _NotKeptable(name)  # choices read from the database, or a value of the moment
    widget = field.widget
    widget_state = {k: v for k, v in vars(widget).items() if k != "choices"}
    choices = getattr(widget, "choices", None)
    return (
        name,
        type(field),
        type(widget),
        _plain(widget_state),
        _plain(list(choices) if choices is not None else None),
        _plain(field.label),
        _plain(field.help_text),
        field.required,
        field.disabled,
        field.show_hidden_initial,
        _plain(field.initial),
    )


class RenderedOnceWhenBlank:
    """A new record's blank form is rendered once and its markup kept.

    Rendering a form's field and widget templates costs more than the rest of most pages, and a
    blank form is the same markup for everyone who sees it with the same language, clock, starting
    values and fields. The key holds everything the markup is made of (each field's label, help
    text, choices, widget and its attributes, the starting values); a form with something the key
    cannot compare (choices read from the database, a value of the moment such as "now") is not
    kept. Never kept: a form that was posted (what was typed, its errors) and a form editing a saved
    record (its words are the member's own, and are not held beyond the request).
    """

    _kept_renderings: dict = {}
    KEEP_AT_MOST = 512

    def _kept_key(self):
        instance = getattr(self, "instance", None)
        if self.is_bound or (instance is not None and not instance._state.adding):
            return None
        try:
            return (
                type(self),
                translation.get_language(),
                timezone.get_current_timezone_name(),
                self.auto_id,
                self.prefix,
                self.label_suffix,
                self.use_required_attribute,
                self.empty_permitted,
                _plain(self.initial),
                tuple(_field_key(self, name, field) for name, field in self.fields.items()),
            )
        except _NotKeptable:
            return None

    def render(self, template_name=None, context=None, renderer=None):
        key = None
        if template_name is None and context is None and renderer is None:
            key = self._kept_key()
        if key is None:
            return super().render(template_name, context, renderer)
        kept = self._kept_renderings.get(key)
        if kept is None:
            if len(self._kept_renderings) >= self.KEEP_AT_MOST:  # a new day or language: old ones go
                self._kept_renderings.clear()
            kept = self._kept_renderings[key] = super().render()
        return kept

    # Django binds these to its own ``render`` ({{ form }} calls them), so they are bound again here.
    __str__ = render
    __html__ = render
