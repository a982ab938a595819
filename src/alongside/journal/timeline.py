"""One chronological list of what a member may see in the circle: observations, incidents,
contacts, and records other apps register in their ``AppConfig.ready`` (care's appointments,
plans' boundaries and conversation plans), newest
first, filterable by kind, member and period.

Fast with years of entries: pages are keyset pages on (time, id), never counted or numbered.
Each source gives its first light rows (id, time) beyond the cursor, ordered and limited in SQL
(all sources in one query), the few rows are merged, then only that page's records are loaded (and
decrypted), one query per source on the page, and each entry's line is built in Python. Neither
the number of queries nor the work grows with the number of entries.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Q
from django.template.loader import get_template
from django.urls import reverse
from django.utils import dateformat, formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from alongside.core.zones import zone
from alongside.journal.models import Contact, Observation
from alongside.journal.printing import KIND_LABELS, entry_summary, visibility_label

PER_PAGE = 25


@dataclass(frozen=True)
class TimelineSource:
    """A kind of personal record shown on the timeline.

    ``kinds`` maps each kind key this source provides to its label and the filter that
    selects it (observations give both "observation" and "incident"). ``url_name`` takes
    ``(circle_id, record_id)``; ``summary_template`` renders one line for ``item``, or ``summary``
    gives that line as escaped HTML from Python (cheaper than an include per entry). ``defer``
    names fields the line never shows, so that they are not read and decrypted for nothing.
    """

    key: str
    model: Any
    at_field: str
    kinds: dict[str, tuple[Any, Q]]
    url_name: str
    summary_template: str
    select_related: tuple[str, ...] = ("author",)
    kind_of: Callable[[Any], str] | None = field(default=None, compare=False)
    defer: tuple[str, ...] = ()
    summary: Callable[[Any], str] | None = field(default=None, compare=False)


_sources: dict[str, TimelineSource] = {}


def register_source(source: TimelineSource) -> None:
    _sources[source.key] = source


def sources() -> list[TimelineSource]:
    return list(_sources.values())


def kind_choices() -> list[tuple[str, Any]]:
    return [(kind, label) for s in sources() for kind, (label, _q) in s.kinds.items()]


register_source(
    TimelineSource(
        key="observation",
        model=Observation,
        at_field="observed_at",
        kinds={
            "observation": (_("Observations"), Q(is_incident=False)),
            "incident": (_("Incidents"), Q(is_incident=True)),
        },
        url_name="journal:observation",
        summary_template="journal/_entry_summary.html",
        kind_of=lambda record: record.kind,
        defer=("items_missing", "notes"),
        summary=lambda record: entry_summary(record),
    )
)
register_source(
    TimelineSource(
        key="contact",
        model=Contact,
        at_field="contacted_at",
        kinds={"contact": (_("Contacts"), Q())},
        url_name="journal:contact",
        summary_template="journal/_entry_summary.html",
        defer=("place", "notes"),
        summary=lambda record: entry_summary(record),
    )
)


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    author_id: int | None = None
    since: date | None = None
    until: date | None = None


_choice_labels: dict[tuple, dict] = {}


def choice_label(model, field_name: str, value) -> str:
    """What ``record.get_<field>_display()`` gives, from the field's labels translated once per
    language: for the lines sources give from Python (``TimelineSource.summary``)."""
    key = (get_language(), model, field_name)
    labels = _choice_labels.get(key)
    if labels is None:
        field_ = model._meta.get_field(field_name)
        labels = _choice_labels[key] = {choice: str(label) for choice, label in field_.flatchoices}
    return labels.get(value, value)


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, ""))


@dataclass
class Item:
    record: Any
    source: TimelineSource
    at: datetime
    kind: str
    url: str

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def visibility_label(self) -> str:
        return visibility_label(self.record.visibility)

    @cached_property
    def summary(self) -> str | None:
        return self.source.summary(self.record) if self.source.summary else None


class _RowLabels:
    """What every row says around its values, translated once per language."""

    def __init__(self):
        self.when = formats.get_format("DATETIME_FORMAT")
        self.former_member = gettext("a former member")
        self.kind = {kind: str(label) for kind, label in KIND_LABELS.items()}


_row_labels_by_language: dict[str | None, _RowLabels] = {}


def _row_labels() -> _RowLabels:
    language = get_language()
    found = _row_labels_by_language.get(language)
    if found is None:
        found = _row_labels_by_language[language] = _RowLabels()
    return found


def _row(item: Item, labels: _RowLabels) -> SafeString:
    at = timezone.localtime(item.at)
    record = item.record
    summary = item.summary
    if summary is None:  # a source that gives its line as a template only
        summary = get_template(item.source.summary_template).render({"entry": record, "kind": item.kind})
    return format_html(
        '\n  <li>\n    <p class="small"><time datetime="{}">{}</time> · <span class="badge kind-{}">{}</span>'
        ' · {} · {}</p>\n    <p><a href="{}">{}</a></p>\n  </li>\n',
        at.strftime("%Y-%m-%dT%H:%M:%S%z"),
        dateformat.format(at, labels.when),
        item.kind,
        labels.kind.get(item.kind, ""),
        record.author or labels.former_member,
        item.visibility_label,
        item.url,
        summary,
    )


def _bounds(filters: Filters, tz_name: str) -> tuple[datetime | None, datetime | None]:
    tz = zone(tz_name)
    start = datetime.combine(filters.since, time.min, tzinfo=tz) if filters.since else None
    end = datetime.combine(filters.until + timedelta(days=1), time.min, tzinfo=tz) if filters.until else None
    return start, end


def _visible(source: TimelineSource, user, circle, filters: Filters, visible: Q):
    qs = source.model.objects.filter(visible).in_circle(circle)
    if filters.kind:
        if filters.kind not in source.kinds:
            return None
        qs = qs.filter(source.kinds[filters.kind][1])
    if filters.author_id is not None:
        qs = qs.filter(author_id=filters.author_id)
    start, end = _bounds(filters, circle.time_zone)
    if start:
        qs = qs.filter(**{f"{source.at_field}__gte": start})
    if end:
        qs = qs.filter(**{f"{source.at_field}__lt": end})
    return qs


@dataclass
class TimelinePage:
    """One page of the timeline. Pages are found by a cursor, the (time, id) of the entry next to
    them, not by a number: no page needs the whole timeline counted or sorted."""

    object_list: list[Item]
    older: str | None  # cursor for the next older page, if there is one
    newer: str | None  # cursor for the next newer page, if this is not the newest

    @property
    def has_other_pages(self) -> bool:
        return bool(self.older or self.newer)

    @property
    def rows(self) -> SafeString:
        """Every entry's ``<li>``, in order."""
        labels = _row_labels()
        return mark_safe("".join(_row(item, labels) for item in self.object_list))  # format_html's


def cursor_of(at: datetime, pk) -> str:
    return f"{at.astimezone(UTC).strftime('%Y%m%dT%H%M%S.%f')}_{_pk(pk).hex}"


def parse_cursor(value: str | None) -> tuple[datetime, uuid.UUID] | None:
    """The (time, id) a cursor names, or None for a missing or malformed one (the newest page)."""
    try:
        stamp, hex_id = (value or "").split("_")
        return datetime.strptime(stamp, "%Y%m%dT%H%M%S.%f").replace(tzinfo=UTC), uuid.UUID(hex=hex_id)
    except ValueError:
        return None


def _light_rows(querysets: dict, cursor, *, older: bool, limit: int) -> list[tuple[datetime, uuid.UUID, str]]:
    """Up to ``limit`` (time, id, source key) rows beyond the cursor, newest first when ``older``.

    Each source gives its own first ``limit`` rows, ordered and limited in SQL on its
    (circle, time) index; merging a few rows per source costs the same at any size. The sources'
    queries go to the database as one ``UNION ALL`` (one round trip, not one per source): each
    stays a subquery of its own, so each keeps its order, limit and index."""
    parts, params, keys = [], [], []
    for key, qs in querysets.items():
        at_field = _sources[key].at_field
        if cursor is not None:
            at, pk = cursor
            op = "lt" if older else "gt"
            qs = qs.filter(Q(**{f"{at_field}__{op}": at}) | Q(**{at_field: at, f"pk__{op}": pk}))
        order = (f"-{at_field}", "-pk") if older else (at_field, "pk")
        try:
            light = qs.order_by(*order).values_list("pk", at_field)[:limit]
            sql, part_params = light.query.get_compiler(light.db).as_sql()
        except EmptyResultSet:  # a filter that can match nothing (no circle to read): no rows
            continue
        # The source is named by its position (a number in the SQL, never a value from outside).
        parts.append(f"SELECT light{len(keys)}.*, {len(keys)} FROM ({sql}) light{len(keys)}")
        params += part_params
        keys.append(key)
    if not parts:
        return []
    with connections[querysets[keys[0]].db].cursor() as cursor_:
        cursor_.execute(" UNION ALL ".join(parts), params)
        found = [(_aware(at), _pk(pk), keys[n]) for pk, at, n in cursor_.fetchall()]
    found.sort(key=lambda row: (row[0], row[1]), reverse=older)
    return found[:limit]


def _aware(value) -> datetime:
    """A time from a raw row: SQLite may give the stored text (UTC), PostgreSQL an aware time."""
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


def timeline_page(
    user,
    circle,
    filters: Filters,
    before: str | None = None,
    after: str | None = None,
    per_page: int = PER_PAGE,
    visible: Q | None = None,
    authors: dict[int, Any] | None = None,
) -> TimelinePage:
    """A page of ``Item``s, newest first, of every record the user may see in the circle:
    the newest page, the page older than the ``before`` cursor, or the page newer than ``after``.
    ``visible`` is ``visibility_q(user)`` when the caller has read it already; ``authors`` the
    accounts (by id) the caller has loaded already, the circle's members: each entry's author is
    taken from them, or read with the other authors of the page in one query, instead of being
    joined (and its name decrypted) once per entry."""
    from alongside.circles.records import visibility_q

    if visible is None:
        visible = visibility_q(user)  # the privacy model's one filter, read once for every source
    querysets = {}
    for source in sources():
        qs = _visible(source, user, circle, filters, visible)
        if qs is not None:
            querysets[source.key] = qs
    newer_cursor, older_cursor = parse_cursor(after), parse_cursor(before)
    rows, has_newer, has_older = [], False, False
    if newer_cursor is not None:
        rows = _light_rows(querysets, newer_cursor, older=False, limit=per_page + 1)
        has_newer, has_older = len(rows) > per_page, True
        rows = rows[:per_page][::-1]
        if not has_newer:  # the top of the timeline: show the newest page, full
            newer_cursor, rows = None, []
    if newer_cursor is None:
        rows = _light_rows(querysets, older_cursor, older=True, limit=per_page + 1)
        has_newer, has_older = older_cursor is not None, len(rows) > per_page
        rows = rows[:per_page]
    loaded: dict[tuple[str, uuid.UUID], Any] = {}
    for key in querysets:
        ids = [pk for _at, pk, k in rows if k == key]
        if ids:
            source = _sources[key]
            # The ids come from the visible rows just read; loading by primary key alone lets the
            # database use it (with the circle filter too, SQLite walks the circle's whole index).
            records = source.model.objects.filter(pk__in=ids)
            related = [name for name in source.select_related if name != "author"]
            if related:  # (select_related() with no names would join every relation)
                records = records.select_related(*related)
            for record in records.defer(*source.defer) if source.defer else records:
                loaded[(key, record.pk)] = record
    _attach_authors(
        [r for (key, _pk), r in loaded.items() if "author" in _sources[key].select_related], authors
    )
    # One reverse per source, not per entry: the record's id takes the place of a stand-in.
    url_patterns = {key: reverse(_sources[key].url_name, args=[circle.id, _STAND_IN]) for key in querysets}
    items = []
    for _at, pk, key in rows:
        record = loaded.get((key, pk))
        if record is None:
            continue
        source = _sources[key]
        items.append(
            Item(
                record=record,
                source=source,
                at=getattr(record, source.at_field),
                kind=source.kind_of(record) if source.kind_of else next(iter(source.kinds)),
                url=str(record.pk).join(url_patterns[key].rsplit(str(_STAND_IN), 1)),
            )
        )
    return TimelinePage(
        object_list=items,
        older=cursor_of(rows[-1][0], rows[-1][1]) if rows and has_older else None,
        newer=cursor_of(rows[0][0], rows[0][1]) if rows and has_newer else None,
    )


def _attach_authors(records: list, known: dict[int, Any] | None) -> None:
    """Give each record its author: from ``known``, else from one query for all the others."""
    from django.contrib.auth import get_user_model

    known = dict(known or {})
    missing = {r.author_id for r in records if r.author_id is not None and r.author_id not in known}
    if missing:
        known.update((user.pk, user) for user in get_user_model().objects.filter(pk__in=missing))
    for record in records:
        if record.author_id is not None:
            record.author = known.get(record.author_id)


_STAND_IN = uuid.UUID(int=0)


def _pk(value) -> uuid.UUID:
    """UNION rows come back as UUIDs on PostgreSQL and as hex strings on SQLite."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
