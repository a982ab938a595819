"""One chronological list of what a member may see in the circle: observations, incidents,
contacts, and records other apps register in their ``AppConfig.ready`` (care's appointments,
plans' boundaries and conversation plans), newest
first, filterable by kind, member and period.

Fast with years of entries: the page is chosen on light rows (id, time, kind) from a UNION of
the visible records of every source, then only that page's records are loaded, one query per
source. The number of queries does not grow with the number of entries.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import CharField, F, Q, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alongside.journal.models import Contact, Observation, zone

PER_PAGE = 25


@dataclass(frozen=True)
class TimelineSource:
    """A kind of personal record shown on the timeline.

    ``kinds`` maps each kind key this source provides to its label and the filter that
    selects it (observations give both "observation" and "incident"). ``url_name`` takes
    ``(circle_id, record_id)``; ``summary_template`` renders one line for ``item``.
    """

    key: str
    model: Any
    at_field: str
    kinds: dict[str, tuple[Any, Q]]
    url_name: str
    summary_template: str
    select_related: tuple[str, ...] = ("author",)
    kind_of: Callable[[Any], str] | None = field(default=None, compare=False)


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
        kinds={"observation": (_("Observations"), Q(is_incident=False)), "incident": (_("Incidents"), Q(is_incident=True))},
        url_name="journal:observation",
        summary_template="journal/_entry_summary.html",
        kind_of=lambda record: record.kind,
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
    )
)


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    author_id: int | None = None
    since: date | None = None
    until: date | None = None


@dataclass
class Item:
    record: Any
    source: TimelineSource
    at: datetime
    kind: str
    url: str


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


def timeline_page(user, circle, filters: Filters, page_number=None, per_page: int = PER_PAGE) -> Page:
    """A page of ``Item``s, newest first, of every record the user may see in the circle."""
    from alongside.circles.records import visibility_q

    visible = visibility_q(user)  # the privacy model's one filter, read once for every source
    querysets = {}
    light = None
    for source in sources():
        qs = _visible(source, user, circle, filters, visible)
        if qs is None:
            continue
        querysets[source.key] = qs
        rows = (
            qs.annotate(at=F(source.at_field), k=Value(source.key, output_field=CharField()))
            .values_list("id", "at", "k")
            .order_by()
        )
        light = rows if light is None else light.union(rows, all=True)
    if light is None:
        light = Observation.objects.none().values_list("id", "observed_at")
    else:
        light = light.order_by("-at", "-id")
    page = Paginator(light, per_page).get_page(page_number)
    rows = list(page.object_list)
    loaded: dict[tuple[str, uuid.UUID], Any] = {}
    for key, qs in querysets.items():
        ids = [_pk(pk) for pk, _at, k in rows if k == key]
        if ids:
            source = _sources[key]
            for record in qs.filter(pk__in=ids).select_related(*source.select_related):
                loaded[(key, record.pk)] = record
    items = []
    for pk, _at, key in rows:
        record = loaded.get((key, _pk(pk)))
        if record is None:
            continue
        source = _sources[key]
        items.append(
            Item(
                record=record,
                source=source,
                at=getattr(record, source.at_field),
                kind=source.kind_of(record) if source.kind_of else next(iter(source.kinds)),
                url=reverse(source.url_name, args=[circle.id, record.pk]),
            )
        )
    page.object_list = items
    return page


def _pk(value) -> uuid.UUID:
    """UNION rows come back as UUIDs on PostgreSQL and as hex strings on SQLite."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
