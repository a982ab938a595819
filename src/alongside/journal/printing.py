"""The printable journal: every entry a member wrote in a circle, as one list.

The page prints everything, and a few years of entries are thousands of them. Through the
templates each entry cost two includes and a dozen lookups (about 0.3 ms), so the page took most
of a second; here the labels are looked up once per page and each entry is one ``format_html``
call. The markup is the one ``journal/_kind.html`` and ``journal/_entry_summary.html`` give
(``tests/test_export.py`` checks the two agree), every value escaped the same way.
"""

from __future__ import annotations

from django.utils import dateformat, formats, timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from alongside.circles.records import Visibility
from alongside.journal.models import ContactHow, ContactMood, Worry
from alongside.journal.signs import labels_for

KIND_LABELS = {  # the badge of each kind of entry, as ``journal/_kind.html`` writes it
    "contact": gettext_lazy("Contact"),
    "incident": gettext_lazy("Incident"),
    "appointment": gettext_lazy("Appointment"),
    "boundary": gettext_lazy("Boundary"),
    "conversation": gettext_lazy("Conversation plan"),
    "observation": gettext_lazy("Observation"),
}


class _Labels:
    """Every label the list needs, translated once per language."""

    def __init__(self):
        self.kind = {key: str(KIND_LABELS[key]) for key in ("observation", "incident", "contact")}
        self.visibility = {value: str(label) for value, label in Visibility.choices}
        self.how = {value: str(label) for value, label in ContactHow.choices}
        self.mood = {value: str(label) for value, label in ContactMood.choices}
        self.worry = {value: str(label) for value, label in Worry.choices}
        self.no_signs = _("No signs ticked")
        self.with_who = _("with %(who)s")
        self.money = _("money missing: %(amount)s")
        self.belongings = _("Belongings missing")
        self.where = _("Where")
        self.when = formats.get_format("DATETIME_FORMAT")


_labels: dict[str | None, _Labels] = {}


def _labels_now() -> _Labels:
    language = get_language()
    found = _labels.get(language)
    if found is None:
        found = _labels[language] = _Labels()
    return found


def visibility_label(value: str) -> str:
    """What ``get_visibility_display`` gives, from labels translated once per language."""
    return _labels_now().visibility.get(value, value)


def entry_summary(entry) -> SafeString:
    """The one line the timeline and the printed journal show for an observation or a contact."""
    return _summary(entry, _labels_now())


def _summary(entry, labels: _Labels) -> SafeString:
    """What ``journal/_entry_summary.html`` shows for the entry: values escaped, the translated
    sentences around them not (as ``blocktranslate`` does)."""
    esc = conditional_escape
    if entry.kind == "contact":
        parts = [esc(labels.how.get(entry.how, entry.how))]
        if entry.mood:
            parts.append(esc(labels.mood.get(entry.mood, entry.mood)))
        if entry.who:
            parts.append(labels.with_who % {"who": esc(entry.who)})
    else:
        signs = labels_for(entry.signs)
        parts = [esc(", ").join(esc(label) for label in signs) if signs else labels.no_signs]
        if entry.money_missing:
            parts.append(labels.money % {"amount": esc(formats.localize(entry.money_missing))})
        if entry.worry is not None:
            parts.append(esc(labels.worry.get(entry.worry, entry.worry)))
    return mark_safe(" · ".join(parts))  # every value above is escaped


def _item(entry, labels: _Labels) -> SafeString:
    at = timezone.localtime(entry.at)
    head = format_html(
        '<p><strong><time datetime="{}">{}</time></strong> · <span class="badge kind-{}">{}</span> · {}</p>\n',
        at.strftime("%Y-%m-%dT%H:%M:%S%z"),
        dateformat.format(at, labels.when),
        entry.kind,
        labels.kind.get(entry.kind, ""),
        labels.visibility.get(entry.visibility, entry.visibility),
    )
    lines = [head, format_html("<p>{}</p>\n", _summary(entry, labels))]
    if getattr(entry, "items_missing", ""):
        lines.append(format_html("<p>{}: {}</p>\n", labels.belongings, entry.items_missing))
    if getattr(entry, "place", ""):
        lines.append(format_html("<p>{}: {}</p>\n", labels.where, entry.place))
    if entry.notes:
        lines.append(format_html('<p class="prewrap">{}</p>\n', entry.notes))
    return mark_safe("<li>\n" + "".join(lines) + "</li>\n")  # built by format_html


def entry_list(entries) -> SafeString:
    """The ``<li>`` of each entry (observations and contacts), in the order given, for the current
    language and time zone."""
    labels = _labels_now()
    return mark_safe("".join(_item(entry, labels) for entry in entries))  # built by format_html
