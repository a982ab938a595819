"""The printable journal: the entries a member wrote in a circle over the days they chose, as one list.

By default it prints the last twelve weeks, and "everything" can be a few years: thousands of
entries. Through the templates each entry cost two includes and a dozen lookups (about 0.3 ms), so
the page took most of a second; here the labels are looked up once per page and each entry is one
string, every value escaped as ``format_html`` would. The markup is the one ``journal/_kind.html``
and ``journal/_entry_summary.html`` give (``tests/test_export.py`` checks the two agree)."""

from __future__ import annotations

from html import escape as html_escape

from django.utils import dateformat, formats, timezone
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


def _esc(value) -> str:
    """What ``conditional_escape`` gives, without its checks for lazy strings on every call: a long
    print escapes a dozen values an entry, and the labels here are plain strings already."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html_escape(str(value))


def _summary(entry, labels: _Labels) -> SafeString:
    """What ``journal/_entry_summary.html`` shows for the entry: values escaped, the translated
    sentences around them not (as ``blocktranslate`` does)."""
    esc = _esc
    if entry.kind == "contact":
        parts = [esc(labels.how.get(entry.how, entry.how))]
        if entry.mood:
            parts.append(esc(labels.mood.get(entry.mood, entry.mood)))
        if entry.who:
            parts.append(labels.with_who % {"who": esc(entry.who)})
    else:
        signs = labels_for(entry.signs)
        parts = [", ".join(esc(label) for label in signs) if signs else labels.no_signs]
        if entry.money_missing:
            parts.append(labels.money % {"amount": esc(formats.localize(entry.money_missing))})
        if entry.worry is not None:
            parts.append(esc(labels.worry.get(entry.worry, entry.worry)))
    return mark_safe(" · ".join(parts))  # every value above is escaped


# Which format characters read only the day, and which only the clock (and its zone); a format with
# any other (``r``, ``c``, ``U``, ``I``...) is written whole for each entry.
_DAY_CHARS = frozenset("bdDEFjlLmMnNoStwWyYz")
_CLOCK_CHARS = frozenset("aAefgGhHiOPsTZ")


class _When:
    """``dateformat.format(at, format)`` for the entries of one page: the day's words (month names,
    weekday) are written once per day and the clock's once per time, instead of parsing the format
    and building both for every entry (a fifth of each entry's cost)."""

    def __init__(self, fmt: str):
        self.fmt = fmt
        self.pieces: list[tuple[str, str]] | None = []
        for i, piece in enumerate(dateformat.re_formatchars.split(fmt)):
            if i % 2 == 0:
                if piece:
                    self.pieces.append(("", dateformat.re_escaped.sub(r"\1", piece)))
            elif piece in _DAY_CHARS:
                self.pieces.append(("day", piece))
            elif piece in _CLOCK_CHARS:
                self.pieces.append(("clock", piece))
            else:
                self.pieces = None
                break
        self.seconds = any(c == "s" for _k, c in self.pieces or ())
        self.days: dict = {}
        self.clocks: dict = {}

    def __call__(self, at) -> str:
        if self.pieces is None:
            return dateformat.format(at, self.fmt)
        day_key = at.date()
        clock_key = (at.hour, at.minute, at.second if self.seconds else 0, at.utcoffset(), at.tzname())
        day, clock = self.days.get(day_key), self.clocks.get(clock_key)
        if day is None or clock is None:
            written = dateformat.DateFormat(at)
            if day is None:
                day = self.days[day_key] = {
                    c: str(getattr(written, c)()) for k, c in self.pieces if k == "day"
                }
            if clock is None:
                clock = self.clocks[clock_key] = {
                    c: str(getattr(written, c)()) for k, c in self.pieces if k == "clock"
                }
        return "".join(day[c] if k == "day" else clock[c] if k == "clock" else c for k, c in self.pieces)


def _item(entry, labels: _Labels, when) -> str:
    """One ``<li>``, every value escaped as ``format_html`` would (written out: it is the cost of
    each of the hundreds of entries a print holds)."""
    esc = _esc
    at = timezone.localtime(entry.at)
    lines = [
        f'<li>\n<p><strong><time datetime="{esc(at.strftime("%Y-%m-%dT%H:%M:%S%z"))}">'
        f"{esc(when(at))}</time></strong> · "
        f'<span class="badge kind-{esc(entry.kind)}">{esc(labels.kind.get(entry.kind, ""))}</span> · '
        f"{esc(labels.visibility.get(entry.visibility, entry.visibility))}</p>\n"
        f"<p>{_summary(entry, labels)}</p>\n"
    ]
    if getattr(entry, "items_missing", ""):
        lines.append(f"<p>{esc(labels.belongings)}: {esc(entry.items_missing)}</p>\n")
    if getattr(entry, "place", ""):
        lines.append(f"<p>{esc(labels.where)}: {esc(entry.place)}</p>\n")
    if entry.notes:
        lines.append(f'<p class="prewrap">{esc(entry.notes)}</p>\n')
    lines.append("</li>\n")
    return "".join(lines)


def entry_list(entries) -> SafeString:
    """The ``<li>`` of each entry (observations and contacts), in the order given, for the current
    language and time zone."""
    labels = _labels_now()
    when = _When(labels.when)
    return mark_safe("".join(_item(entry, labels, when) for entry in entries))  # every value escaped
