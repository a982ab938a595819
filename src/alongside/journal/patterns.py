"""Weekly patterns over the last twelve weeks, and plain sentences for clear changes.

The maths here is pure (numbers in, numbers and sentences out) so it is tested on constructed
data. The sentences describe what was written down; they never say what it means.

Rules, comparing the last four weeks with the four weeks before:
- signs of a group: "at least doubled" when before >= 2 and after >= 2 x before; "noted N times,
  none before" when before = 0 and after >= 3; "fell by half or more" when before >= 4 and
  after <= before / 2;
- contacts: "none recorded" when before >= 1 and after = 0; "fell by half or more" when
  before >= 2 and after <= before / 2;
- money missing: "more money went missing" when after > 0 and (before = 0 or after >= 2 x before).
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Max, Window
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from alongside.core.zones import zone
from alongside.journal.models import Contact, Observation
from alongside.journal.signs import GROUPS, SIGN_GROUP

WEEKS = 12


def week_starts(today: date, weeks: int = WEEKS) -> list[date]:
    """The Mondays of the last ``weeks`` weeks, oldest first; the last one is this week's."""
    this_monday = today - timedelta(days=today.weekday())
    return [this_monday - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]


def week_index(day: date, starts: list[date]) -> int | None:
    offset = (day - starts[0]).days
    if offset < 0:
        return None
    index = offset // 7
    return index if index < len(starts) else None


@dataclass
class Series:
    groups: dict[str, list[int]] = field(default_factory=dict)
    contacts: list[int] = field(default_factory=list)
    money: list[Decimal] = field(default_factory=list)


def bucket(observations, contacts, starts: list[date], tz_name: str) -> Series:
    """Count per week: ``observations`` as (observed_at, signs, money_missing), ``contacts`` as datetimes."""
    tz = zone(tz_name)
    n = len(starts)
    series = Series({g.key: [0] * n for g in GROUPS}, [0] * n, [Decimal(0)] * n)
    for at, signs, money in observations:
        i = week_index(at.astimezone(tz).date(), starts)
        if i is None:
            continue
        for key in signs or ():
            group = SIGN_GROUP.get(key)
            if group:
                series.groups[group][i] += 1
        if money:
            series.money[i] += money
    for at in contacts:
        i = week_index(at.astimezone(tz).date(), starts)
        if i is not None:
            series.contacts[i] += 1
    return series


def load_series(user, circle, today: date) -> tuple[list[date], Series]:
    """What the user may see in the circle, in weekly buckets.

    Twelve weeks of a busy circle are hundreds of entries, each decrypted to be counted, so the
    buckets are kept in this process's memory (never in the shared cache, which would hold them
    unencrypted in the database or Redis), keyed by the viewer, what they may see (the privacy
    filter itself), the weeks, and the state of the rows counted: their number and latest change.
    Adding, changing, hiding or deleting an entry changes that state. A look-up costs the privacy
    filter's query and one aggregate query per kind of entry; a miss reads the rows with that
    state in the same statement, so what is kept always matches the key it is kept under.
    """
    from alongside.circles.records import visibility_q

    starts = week_starts(today)
    since = datetime.combine(starts[0], time.min, tzinfo=zone(circle.time_zone))
    visible = visibility_q(user)
    observations = Observation.objects.filter(visible).in_circle(circle).filter(observed_at__gte=since)
    contacts = Contact.objects.filter(visible).in_circle(circle).filter(contacted_at__gte=since)
    key = (user.pk, circle.pk, circle.time_zone, starts[0], repr(visible))
    found = _cached(key + (_state(observations), _state(contacts)))
    if found is not None:
        return starts, found
    window = {"n": Window(Count("*")), "last": Window(Max("updated_at"))}
    observed = list(
        observations.annotate(**window).values_list("observed_at", "signs", "money_missing", "n", "last")
    )
    contacted = list(contacts.annotate(**window).values_list("contacted_at", "n", "last"))
    series = bucket([row[:3] for row in observed], [row[0] for row in contacted], starts, circle.time_zone)
    state = (
        (observed[0][3], observed[0][4]) if observed else (0, None),
        (contacted[0][1], contacted[0][2]) if contacted else (0, None),
    )
    _keep(key + state, series)
    return starts, copy.deepcopy(series)


# Weekly buckets by (viewer, privacy filter, circle, zone, first week, state of the rows); see load_series.
_kept: OrderedDict[tuple, Series] = OrderedDict()
_kept_lock = threading.Lock()
KEPT_MAX = 512


def _state(queryset) -> tuple:
    found = queryset.aggregate(n=Count("*"), last=Max("updated_at"))  # from the index alone
    return (found["n"], found["last"])


def _cached(key: tuple) -> Series | None:
    with _kept_lock:
        series = _kept.get(key)
        if series is None:
            return None
        _kept.move_to_end(key)
    return copy.deepcopy(series)  # callers may change their copy


def _keep(key: tuple, series: Series) -> None:
    with _kept_lock:
        _kept[key] = copy.deepcopy(series)
        _kept.move_to_end(key)
        while len(_kept) > KEPT_MAX:
            _kept.popitem(last=False)


def _halves(values) -> tuple:
    return sum(values[-8:-4]), sum(values[-4:])


@dataclass(frozen=True)
class Finding:
    topic: str  # a group key, "contacts" or "money"
    text: str


def findings(series: Series) -> list[Finding]:
    """Plain sentences for each clear change (see the module docstring for the rules)."""
    out: list[Finding] = []
    for group in GROUPS:
        before, after = _halves(series.groups[group.key])
        name = str(group.plural)
        if before >= 2 and after >= 2 * before:
            text = _("%(signs)s at least doubled over the last four weeks (from %(before)s to %(after)s).")
        elif before == 0 and after >= 3:
            text = _(
                "%(signs)s were noted %(after)s times over the last four weeks, and none in the four weeks before."
            )
        elif before >= 4 and after * 2 <= before:
            text = _(
                "%(signs)s fell by half or more over the last four weeks (from %(before)s to %(after)s)."
            )
        else:
            continue
        # Capitalised after filling in, so each language places the group name where it fits.
        out.append(Finding(group.key, capfirst(text % {"signs": name, "before": before, "after": after})))
    before, after = _halves(series.contacts)
    if before >= 1 and after == 0:
        out.append(
            Finding(
                "contacts",
                _("No contact was recorded over the last four weeks (%(before)s in the four weeks before).")
                % {"before": before},
            )
        )
    elif before >= 2 and after * 2 <= before:
        out.append(
            Finding(
                "contacts",
                _("Contacts fell by half or more over the last four weeks (from %(before)s to %(after)s).")
                % {"before": before, "after": after},
            )
        )
    before, after = _halves(series.money)
    if after > 0 and (before == 0 or after >= 2 * before):
        out.append(
            Finding(
                "money",
                _(
                    "More money went missing over the last four weeks: %(after)s, against %(before)s in the four weeks before."
                )
                % {"after": formats.number_format(after, 2), "before": formats.number_format(before, 2)},
            )
        )
    return out


def optional_url(name: str, *args) -> str | None:
    """A link to a feature that may not exist yet: None until its app provides the URL."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# --- Accessible SVG bar charts ----------------------------------------------------------------------

BAR_W, GAP, TOP, BOTTOM, HEIGHT = 22, 6, 18, 20, 120


def bar_chart(
    key: str, title: str, desc: str, labels: list[str], values: list, value_labels: list[str] | None = None
) -> dict:
    """Geometry for one bar chart drawn in the template. Every bar carries its number as text,
    so nothing is told by colour alone."""
    value_labels = value_labels or [str(v) for v in values]
    top = max([v for v in values if v is not None] or [0]) or 1
    plot = HEIGHT - TOP - BOTTOM
    bars = []
    for i, (value, shown, label) in enumerate(zip(values, value_labels, labels, strict=True)):
        h = round(float(value or 0) / float(top) * plot, 1)
        x = GAP + i * (BAR_W + GAP)
        bars.append(
            {
                "x": x,
                "y": round(TOP + plot - h, 1),
                "w": BAR_W,
                "h": h,
                "value": shown,
                "label": label,
                "tx": x + BAR_W / 2,
                "ty": round(TOP + plot - h - 4, 1),
            }
        )
    width = GAP + max(len(values), WEEKS) * (BAR_W + GAP)  # a few bars keep their place on the left
    chart = {
        "key": key,
        "title": title,
        "desc": desc,
        "bars": bars,
        "width": width,
        "height": HEIGHT,
        "baseline": TOP + plot,
        "label_y": HEIGHT - 5,
        "first": labels[0] if labels else "",
        "last": labels[-1] if len(labels) >= 4 else "",
        "last_x": bars[-1]["x"] + BAR_W if bars else width - GAP,
    }
    chart["html"] = _svg(chart)
    return chart


def _svg(chart: dict) -> SafeString:
    """The chart as a figure with an SVG drawing, written here rather than by a template include
    (a page draws six). Numbers are written with str(), so always with a decimal point, whatever
    the language; every text is escaped."""
    # One string for all the bars: the geometry is numbers (nothing to escape), the shown value is
    # escaped; format_html per bar cost more than the rest of the page's charts together.
    bars = mark_safe(
        "".join(
            f'<rect x="{bar["x"]}" y="{bar["y"]}" width="{bar["w"]}" height="{bar["h"]}" class="bar"></rect>'
            f'<text x="{bar["tx"]}" y="{bar["ty"]}" text-anchor="middle" class="bar-value">'
            f"{conditional_escape(bar['value'])}</text>"
            for bar in chart["bars"]
        )
    )
    last = (
        format_html(
            '<text x="{}" y="{}" text-anchor="end" class="axis-label">{}</text>',
            str(chart["last_x"]),
            str(chart["label_y"]),
            chart["last"],
        )
        if chart["last"]
        else ""
    )
    return format_html(
        '<figure class="chart">\n  <figcaption>{title}</figcaption>\n'
        '  <svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-{key}-title chart-{key}-desc"'
        ' class="bar-chart" focusable="false">\n'
        '    <title id="chart-{key}-title">{title}</title>\n'
        '    <desc id="chart-{key}-desc">{desc}</desc>\n'
        '    <line x1="0" y1="{baseline}" x2="{width}" y2="{baseline}" class="axis"></line>\n'
        "    {bars}\n"
        '    <text x="2" y="{label_y}" class="axis-label">{first}</text>\n'
        "    {last}\n"
        "  </svg>\n</figure>\n",
        title=chart["title"],
        width=str(chart["width"]),
        height=str(chart["height"]),
        key=chart["key"],
        desc=chart["desc"],
        baseline=str(chart["baseline"]),
        bars=bars,  # escaped above
        label_y=str(chart["label_y"]),
        first=chart["first"],
        last=last,
    )
